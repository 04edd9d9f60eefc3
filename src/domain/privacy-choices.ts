// A member's privacy choices (issue 15, "Choices"; docs/PRIVACY.md): whether
// they appear in the directory and people search, whether their public notes
// may be found by full-text search, whether search engines may index their
// pages, whether their profile details are public, and how new notes start.
// The first two are Mastodon's `toot:discoverable` / `toot:indexable` and
// travel with the actor; a change is federated as an Update of the actor.
import type { Kysely } from "kysely";
import type { ActorType, Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { CHOOSABLE_VISIBILITIES, type Visibility } from "./visibility.ts";

export interface PrivacyChoices {
  /** Listed in the directory and in people search (`toot:discoverable`). */
  readonly discoverable: boolean;
  /** Public notes may be found by full-text search (`toot:indexable`). */
  readonly indexable: boolean;
  /** Search engines may index the profile and notes (robots meta, sitemap). */
  readonly searchEngines: boolean;
  /** Interests, region, standpoint and links shown to everyone and federated. */
  readonly profileDetailsPublic: boolean;
  /** What a new note starts as. */
  readonly defaultVisibility: Visibility;
}

export type PrivacyChange = { -readonly [K in keyof PrivacyChoices]?: PrivacyChoices[K] };

const BOOLEAN_KEYS = ["discoverable", "indexable", "searchEngines", "profileDetailsPublic"] as const;

/** The member's choices; undefined for an actor without an account here. */
export async function privacyChoicesOf(db: Kysely<Database>, actorId: string): Promise<PrivacyChoices | undefined> {
  const row = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .select(["actors.discoverable", "actors.indexable", "actors.profile_details_public", "users.allow_search_engines", "users.default_visibility"])
    .where("users.actor_id", "=", actorId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    discoverable: row.discoverable === 1,
    indexable: row.indexable === 1,
    searchEngines: row.allow_search_engines === 1,
    profileDetailsPublic: row.profile_details_public === 1,
    defaultVisibility: row.default_visibility,
  };
}

/** Reads a change from untrusted input (JSON body or form); every problem at once. */
export function privacyChangeFrom(body: Record<string, unknown>): PrivacyChange {
  const change: PrivacyChange = {};
  const problems: string[] = [];
  for (const key of BOOLEAN_KEYS) {
    if (!(key in body)) continue;
    if (typeof body[key] === "boolean") change[key] = body[key];
    else problems.push(`${key} must be true or false`);
  }
  if ("defaultVisibility" in body) {
    const value = body.defaultVisibility;
    if (typeof value === "string" && (CHOOSABLE_VISIBILITIES as readonly string[]).includes(value)) change.defaultVisibility = value as Visibility;
    else problems.push(`defaultVisibility must be one of ${CHOOSABLE_VISIBILITIES.join(", ")}`);
  }
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  return change;
}

/**
 * Applies a change. What other servers see (discoverable, indexable, the
 * profile details) is federated as an Update of the actor, in the same
 * transaction, so the choice and its announcement commit together.
 */
export async function changePrivacyChoices(services: Services, actor: ActorRow, change: PrivacyChange): Promise<PrivacyChoices> {
  const before = await privacyChoicesOf(services.db, actor.id);
  if (!before) throw new DomainError("not_found", "Only members of this instance have privacy choices");
  const after: PrivacyChoices = { ...before, ...change };
  const federated = after.discoverable !== before.discoverable || after.indexable !== before.indexable || after.profileDetailsPublic !== before.profileDetailsPublic;
  await services.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("actors")
      .set({
        discoverable: after.discoverable ? 1 : 0,
        indexable: after.indexable ? 1 : 0,
        profile_details_public: after.profileDetailsPublic ? 1 : 0,
        // Other servers refresh on a newer `updated`.
        ...(federated ? { updated_at: isoNow() } : {}),
      })
      .where("id", "=", actor.id)
      .execute();
    await tx
      .updateTable("users")
      .set({ allow_search_engines: after.searchEngines ? 1 : 0, default_visibility: after.defaultVisibility as "public" | "unlisted" | "followers" })
      .where("actor_id", "=", actor.id)
      .execute();
    if (federated) await services.outbox.send({ type: "profile-updated", actorId: actor.id }, tx);
  });
  return after;
}

/**
 * What a remote actor's `toot:discoverable` / `toot:indexable` means here.
 * Said: as said. Absent: a person gave no consent (Mastodon reads absence the
 * same way); a community, organization or service is not a person, and its
 * public posts are there to be found.
 */
export function remoteConsent(type: ActorType, published: boolean | null | undefined): boolean {
  if (published != null) return published;
  return type !== "Person";
}

/**
 * Whether search engines may index a page by these authors: every author
 * must agree. A member here says so with their choice; another server's
 * person has only `toot:indexable` to go by (Mastodon federates no robots
 * choice), so that is what is followed.
 */
export async function searchEnginesMayIndex(db: Kysely<Database>, authors: readonly Pick<ActorRow, "id" | "is_local" | "indexable">[]): Promise<boolean> {
  if (authors.some((a) => a.is_local !== 1 && a.indexable !== 1)) return false;
  const local = authors.filter((a) => a.is_local === 1).map((a) => a.id);
  if (local.length === 0) return true;
  const allowed = await db
    .selectFrom("users")
    .select("actor_id")
    .where("actor_id", "in", local)
    .where("allow_search_engines", "=", 1)
    .execute();
  // Organizations have no account: their pages are theirs to publish.
  const members = await db.selectFrom("users").select("actor_id").where("actor_id", "in", local).execute();
  return allowed.length === members.length;
}

/** The visibility a member's new note starts with ("public" for anyone without an account here). */
export async function defaultVisibilityOf(db: Kysely<Database>, actorId: string): Promise<Visibility> {
  const row = await db.selectFrom("users").select("default_visibility").where("actor_id", "=", actorId).executeTakeFirst();
  return row?.default_visibility ?? "public";
}

/**
 * A note's fields with the member's default visibility filled in when they
 * named none. Replies and community posts are left alone: they follow their
 * thread or community (as before), not the member's default for new notes.
 */
export async function withDefaultVisibility(db: Kysely<Database>, writerId: string, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  if ("visibility" in raw || raw.inReplyTo != null) return raw;
  if (Array.isArray(raw.communities) && raw.communities.length > 0) return raw;
  const visibility = await defaultVisibilityOf(db, writerId);
  // "public" is the input's own default: leave the input as it came.
  return visibility === "public" ? raw : { ...raw, visibility };
}
