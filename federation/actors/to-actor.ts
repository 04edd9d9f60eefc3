// Row to vocabulary: how a local actor looks to other servers.
import type { Context } from "@fedify/fedify";
import { Application, Endpoints, Group, Image, Organization, Person, PropertyValue, Tombstone, type Actor } from "@fedify/vocab";
import { shownProfileFields, type ActorRow } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { getKeyPairs } from "./keys.ts";

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
  switch (actor.type) {
    case "Application":
      return new Application({ ...common, manuallyApprovesFollowers: true });
    case "Organization":
      return new Organization({ ...common, attachments: propertyValues(actor, language) });
    case "Group":
      // FEP-1b12 as Lemmy reads it: moderators in attributedTo, pinned posts in featured.
      return new Group({
        ...common,
        attribution: new URL(`${actor.uri}/moderators`),
      });
    default:
      return new Person({ ...common, attachments: propertyValues(actor, language) });
  }
}
