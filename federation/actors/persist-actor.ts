// Vocabulary to row: what we keep of a remote actor.
import { Application, Group, Hashtag, Organization, Person, Place, PropertyValue, Service, type Actor } from "@fedify/vocab";
import type { Kysely } from "kysely";
import type { ActorType, Database } from "../../src/db/schema.ts";
import { EMPTY_PROFILE, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { remoteConsent } from "../../src/domain/privacy-choices.ts";

function actorType(actor: Actor): ActorType {
  if (actor instanceof Person) return "Person";
  if (actor instanceof Group) return "Group";
  if (actor instanceof Organization) return "Organization";
  if (actor instanceof Application) return "Application";
  if (actor instanceof Service) return "Service";
  return "Person";
}

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

function refuseFetch(url: string): Promise<never> {
  return Promise.reject(new Error(`Not fetched: ${url}`));
}

/**
 * An actor's interests and place, as En commun publishes them (to-actor.ts):
 * `Hashtag` entries of `tag` and a `Place` in `location`. Other software
 * leaves both out (Mastodon's profile hashtags are `tag` Hashtags too, and
 * mean the same). A document that carries only what its author chose to make
 * public is all that is read: nothing here is guessed from free text.
 */
async function interestsAndPlace(actor: Actor): Promise<{ interests: string[]; region: string | null; coordinates: { latitude: number; longitude: number } | null }> {
  const interests: string[] = [];
  // Embedded entries only: one given by URL is not fetched (it would tell another host who reads the profile).
  const embeddedOnly = { suppressError: true, documentLoader: refuseFetch, contextLoader: refuseFetch } as const;
  try {
    for await (const tag of actor.getTags(embeddedOnly)) {
      const name = tag instanceof Hashtag ? tag.name?.toString().replace(/^#/, "").trim() : undefined;
      if (name && name.length <= 50 && interests.length < 20) interests.push(name);
    }
  } catch {
    // A tag that cannot be read is left out, like any other remote garbage.
  }
  const place = await actor.getLocation(embeddedOnly).catch(() => null);
  if (!(place instanceof Place)) return { interests, region: null, coordinates: null };
  const region = place.name?.toString().trim().slice(0, 200) || null;
  const { latitude, longitude } = place;
  const coordinates = typeof latitude === "number" && typeof longitude === "number" ? { latitude, longitude } : null;
  return { interests, region, coordinates };
}

/**
 * Stores (or refreshes) a remote actor. Trusts the document as fetched by
 * Fedify (the id's origin served it); the summary is kept as plain text so
 * their HTML never reaches our pages unsanitized.
 */
export async function persistActor(db: Kysely<Database>, actor: Actor): Promise<ActorRow | null> {
  if (actor.id == null || actor.preferredUsername == null) return null;
  const links: { name: string; url: string }[] = [];
  for await (const attachment of actor.getAttachments()) {
    if (!(attachment instanceof PropertyValue) || typeof attachment.name !== "string" || typeof attachment.value !== "string") continue;
    const href = /href="(https?:\/\/[^"]+)"/.exec(attachment.value)?.[1];
    if (href) links.push({ name: attachment.name, url: href });
  }
  const icon = await actor.getIcon().catch(() => null);
  const iconUrl = icon?.url instanceof URL ? icon.url.href : (icon?.url?.href?.href ?? null);
  const name = actor.name?.toString() ?? null;
  const summary = actor.summary ? stripHtml(actor.summary.toString()) : null;
  const type = actorType(actor);
  const { interests, region, coordinates } = await interestsAndPlace(actor);
  return upsertRemoteActor(db, {
    uri: actor.id.href,
    type,
    username: actor.preferredUsername.toString(),
    domain: actor.id.host,
    name: name ? stripHtml(name) : null,
    summary,
    iconUrl,
    url: actor.url instanceof URL ? actor.url.href : (actor.url?.href?.href ?? null),
    inboxUrl: actor.inboxId?.href ?? null,
    sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
    outboxUrl: actor.outboxId?.href ?? null,
    followersUrl: actor.followersId?.href ?? null,
    followingUrl: actor.followingId?.href ?? null,
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
    fields: { ...EMPTY_PROFILE, links, interests, region },
    coordinates,
    discoverable: remoteConsent(type, actor.discoverable),
    indexable: remoteConsent(type, actor.indexable),
  });
}
