// Row to vocabulary: how a local actor looks to other servers.
import type { Context } from "@fedify/fedify";
import { Application, Endpoints, Group, Hashtag, Image, Organization, Person, Place, PropertyValue, Tombstone, type Actor } from "@fedify/vocab";
import { shownProfileFields, type ActorRow } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { getKeyPairs } from "./keys.ts";
import { tagKey } from "../../src/domain/tags.ts";
import { findPath } from "../../src/domain/paths.ts";

/** Labels of the profile fields, in the instance's first language (Mastodon shows them as given). */
const FIELD_LABELS = {
  fr: { interests: "Intérêts", region: "Région", standpoint: "D'où je parle" },
  en: { interests: "Interests", region: "Region", standpoint: "Standpoint" },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function link(url: string, name: string): string {
  const safe = escapeHtml(url);
  return `<a href="${safe}" rel="me nofollow noopener" target="_blank">${escapeHtml(name || url)}</a>`;
}

function propertyValues(actor: ActorRow, language: "fr" | "en"): PropertyValue[] {
  // Only what the person made public (docs/PRIVACY.md, "Choices"); links included.
  const fields = shownProfileFields(actor);
  const labels = FIELD_LABELS[language];
  const values: PropertyValue[] = [];
  if (fields.interests.length > 0) values.push(new PropertyValue({ name: labels.interests, value: escapeHtml(fields.interests.join(", ")) }));
  if (fields.region) values.push(new PropertyValue({ name: labels.region, value: escapeHtml(fields.region) }));
  if (fields.standpoint) values.push(new PropertyValue({ name: labels.standpoint, value: escapeHtml(fields.standpoint) }));
  for (const l of fields.links) values.push(new PropertyValue({ name: l.name || new URL(l.url).host, value: link(l.url, l.url) }));
  return values;
}

/**
 * Interests as `tag` Hashtags and the region as a `location` Place (with the
 * point, if the actor gave one): how a sister instance's find view learns
 * them (persist-actor.ts reads them back). Only what the actor made public.
 * Mastodon reads only `Emoji` entries of an actor's `tag` and no `location`
 * (ActivityPub::ProcessAccountService), so both are harmless there; the
 * PropertyValues above are what Mastodon shows.
 */
function interestsAndPlace(actor: ActorRow, origin: URL): { tags: Hashtag[]; location: Place | null } {
  const fields = shownProfileFields(actor);
  const tags = fields.interests
    .filter((name) => tagKey(name))
    .map((name) => new Hashtag({ name: `#${name}`, href: new URL(findPath(tagKey(name)), origin) }));
  const point = actor.profile_details_public === 1 && actor.latitude != null && actor.longitude != null ? { latitude: actor.latitude, longitude: actor.longitude } : null;
  if (!fields.region && !point) return { tags, location: null };
  return { tags, location: new Place({ name: fields.region ?? null, ...point }) };
}

/** Summary as HTML: the profile text is plain text with paragraphs. */
function summaryHtml(summary: string | null): string | null {
  if (!summary) return null;
  return summary
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

export async function toActor(ctx: Context<Services>, actor: ActorRow): Promise<Actor | Tombstone> {
  const id = ctx.getActorUri(actor.id);
  if (actor.deleted_at != null) {
    return new Tombstone({ id, deleted: Temporal.Instant.from(actor.deleted_at) });
  }
  const keys = await ctx.getActorKeyPairs(actor.id);
  const language = ctx.data.config.instance.languages[0] ?? "fr";
  const common = {
    id,
    preferredUsername: actor.username,
    name: actor.name ?? actor.username,
    summary: summaryHtml(actor.summary),
    url: actor.url ? new URL(actor.url) : null,
    icon: actor.icon_url ? new Image({ url: new URL(actor.icon_url) }) : null,
    inbox: ctx.getInboxUri(actor.id),
    outbox: ctx.getOutboxUri(actor.id),
    followers: ctx.getFollowersUri(actor.id),
    following: ctx.getFollowingUri(actor.id),
    // Every actor has one (Mastodon reads a person's pinned posts there); Fedify warns on each serve otherwise.
    featured: ctx.getFeaturedUri(actor.id),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
    manuallyApprovesFollowers: actor.manually_approves_followers === 1,
    published: Temporal.Instant.from(actor.created_at),
    updated: Temporal.Instant.from(actor.updated_at),
    // Mastodon's consent flags (toot:discoverable, toot:indexable), as the member chose them.
    discoverable: actor.discoverable === 1,
    indexable: actor.indexable === 1,
  };
  const { tags, location } = interestsAndPlace(actor, ctx.data.config.publicUrl);
  switch (actor.type) {
    case "Application":
      return new Application({ ...common, manuallyApprovesFollowers: true });
    case "Organization":
      return new Organization({ ...common, attachments: propertyValues(actor, language), tags, location });
    case "Group":
      // FEP-1b12 as Lemmy reads it: moderators in attributedTo, pinned posts in featured.
      return new Group({
        ...common,
        attribution: new URL(`${actor.uri}/moderators`),
        tags,
        location,
      });
    default:
      return new Person({ ...common, attachments: propertyValues(actor, language), tags, location });
  }
}
