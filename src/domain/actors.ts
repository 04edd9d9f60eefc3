// Actors: local people (and later organizations and communities) and the
// cached copies of remote actors, in one table and one handle namespace.
import { purgeNoteContent } from "./note-purge.ts";
import { sql, type Kysely, type Selectable } from "kysely";
import type { ActorsTable, ActorType, Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import { checkHandle, handleKey } from "./handles.ts";
import { newId } from "./ids.ts";
import { INSTANCE_ACTOR_ID, localActorUrls } from "./paths.ts";
import { httpUrlOrNull, isHttpUrl } from "./remote-urls.ts";
import { replaceActorInterests } from "./interests.ts";
import { regionFromText, roundedCoordinates, validCoordinates, type Coordinates } from "./regions.ts";
import { normalizeTags } from "./tags.ts";

export type ActorRow = Selectable<ActorsTable>;

/** Self-described profile, shown on the page and federated as PropertyValues. */
export interface ProfileFields {
  interests: string[];
  region: string | null;
  /** The self-declared standpoint ("d'où je parle"). */
  standpoint: string | null;
  links: { name: string; url: string }[];
}

export const EMPTY_PROFILE: ProfileFields = { interests: [], region: null, standpoint: null, links: [] };

/**
 * The profile details others may see: all of them when the actor made them
 * public (or looks at their own), none otherwise.
 */
export function shownProfileFields(actor: Pick<ActorRow, "id" | "profile_fields" | "profile_details_public">, viewerId: string | null = null): ProfileFields {
  return actor.profile_details_public === 1 || actor.id === viewerId ? profileFields(actor) : EMPTY_PROFILE;
}

export function profileFields(actor: Pick<ActorRow, "profile_fields">): ProfileFields {
  try {
    return { ...EMPTY_PROFILE, ...(JSON.parse(actor.profile_fields) as Partial<ProfileFields>) };
  } catch {
    return EMPTY_PROFILE;
  }
}

export function hostOf(origin: URL): string {
  return origin.host;
}

export function handleOf(actor: Pick<ActorRow, "username" | "domain">): string {
  return `@${actor.username}@${actor.domain}`;
}

export interface NewLocalActor {
  username: string;
  type: Exclude<ActorType, "Application">;
  name?: string | null;
  summary?: string | null;
}

export async function createLocalActor(db: Kysely<Database>, origin: URL, input: NewLocalActor): Promise<ActorRow> {
  const problem = checkHandle(input.username, hostOf(origin));
  if (problem === "invalid") {
    throw new DomainError("invalid", `Invalid handle "${input.username}": use 1 to 30 letters, digits, _ . or -`, [{ field: "handle", reason: "handle_invalid" }]);
  }
  if (problem === "reserved") throw new DomainError("conflict", `The handle "${input.username}" is reserved`, [{ field: "handle", reason: "handle_reserved" }]);
  if (await findActorByHandle(db, input.username, hostOf(origin))) {
    throw new DomainError("conflict", `The handle "${input.username}" is already taken`, [{ field: "handle", reason: "handle_taken" }]);
  }
  return insertLocalActor(db, origin, newId(), input.username, input.type, input.name ?? null, input.summary ?? null);
}

/** The instance's own `Application` actor (`acct:host@host`), created on first use. */
export async function ensureInstanceActor(db: Kysely<Database>, origin: URL, name: string): Promise<ActorRow> {
  const existing = await findActorById(db, INSTANCE_ACTOR_ID);
  if (existing) return existing;
  try {
    return await insertLocalActor(db, origin, INSTANCE_ACTOR_ID, hostOf(origin), "Application", name, null);
  } catch (error) {
    // Web and worker processes starting at once on a new database race here: the first insert wins.
    const inserted = await findActorById(db, INSTANCE_ACTOR_ID);
    if (inserted) return inserted;
    throw error;
  }
}

/**
 * The instance's "Anonyme" person: notes kept after their author deleted the
 * account (src/domain/account-deletion.ts) are attributed to it. It has no
 * sign-in and posts nothing. Created on first use; its handle is reserved.
 */
export async function ensureAnonymousActor(db: Kysely<Database>, origin: URL): Promise<ActorRow> {
  const existing = await findActorById(db, ANONYMOUS_ACTOR_ID);
  if (existing) return existing;
  // An instance older than the reservation may have a member called "anonyme".
  const taken = await findActorByHandle(db, "anonyme", hostOf(origin));
  return insertLocalActor(db, origin, ANONYMOUS_ACTOR_ID, taken ? "anonyme-auteur" : "anonyme", "Person", "Anonyme", null);
}

export const ANONYMOUS_ACTOR_ID = "anonymous";

async function insertLocalActor(
  db: Kysely<Database>,
  origin: URL,
  id: string,
  username: string,
  type: ActorType,
  name: string | null,
  summary: string | null,
): Promise<ActorRow> {
  const urls = localActorUrls(origin, id, username);
  const now = isoNow();
  return db
    .insertInto("actors")
    .values({
      id,
      uri: urls.uri,
      type,
      is_local: 1,
      username,
      username_key: handleKey(username),
      domain: hostOf(origin),
      name,
      summary,
      url: urls.url,
      inbox_url: urls.inbox,
      shared_inbox_url: urls.sharedInbox,
      outbox_url: urls.outbox,
      followers_url: urls.followers,
      following_url: urls.following,
      // A person's interests, region and standpoint are theirs to publish: private until they choose (docs/PRIVACY.md).
      profile_details_public: type === "Person" ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findActorById(db: Kysely<Database>, id: string): Promise<ActorRow | undefined> {
  return db.selectFrom("actors").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findActorByUri(db: Kysely<Database>, uri: string): Promise<ActorRow | undefined> {
  return db.selectFrom("actors").selectAll().where("uri", "=", uri).executeTakeFirst();
}

export async function findActorByHandle(db: Kysely<Database>, username: string, domain: string): Promise<ActorRow | undefined> {
  return db
    .selectFrom("actors")
    .selectAll()
    .where("username_key", "=", handleKey(username))
    .where("domain", "=", domain.toLowerCase())
    .executeTakeFirst();
}

/** A live local actor by handle (deleted accounts excluded). */
export async function findLocalActor(db: Kysely<Database>, origin: URL, username: string): Promise<ActorRow | undefined> {
  const actor = await findActorByHandle(db, username, hostOf(origin));
  return actor && actor.is_local === 1 ? actor : undefined;
}

export interface ProfileChange {
  name?: string | null;
  summary?: string | null;
  iconUrl?: string | null;
  fields?: Partial<ProfileFields>;
  /** Locked accounts approve each follower by hand. */
  manuallyApprovesFollowers?: boolean;
  /** A point on the map the actor chooses to give; null takes it away. */
  coordinates?: Coordinates | null;
}

const MAX_NAME = 100;
const MAX_SUMMARY = 2000;

/** Every problem with a profile change: the English sentence (the API's) and, where a field is to blame, its FieldProblem (the pages'). */
export function checkProfileChange(change: ProfileChange): { problems: string[]; fields: FieldProblem[] } {
  const problems: string[] = [];
  const fields: FieldProblem[] = [];
  const refuse = (message: string, problem?: FieldProblem): void => {
    problems.push(message);
    if (problem) fields.push(problem);
  };
  if (change.name != null && change.name.length > MAX_NAME) refuse(`name is longer than ${MAX_NAME} characters`, { field: "name", reason: "too_long", limit: MAX_NAME });
  if (change.summary != null && change.summary.length > MAX_SUMMARY) refuse(`summary is longer than ${MAX_SUMMARY} characters`, { field: "summary", reason: "too_long", limit: MAX_SUMMARY });
  if (change.iconUrl != null && !/^https?:\/\//.test(change.iconUrl)) refuse("iconUrl must be an http(s) URL", { field: "iconUrl", reason: "not_url", value: change.iconUrl });
  const profileFields = change.fields;
  if (profileFields?.interests && (!Array.isArray(profileFields.interests) || profileFields.interests.some((t) => typeof t !== "string" || t.length > 50))) {
    refuse("interests must be a list of short texts", { field: "interests", reason: "item_too_long", limit: 50 });
  }
  if (profileFields?.links && (!Array.isArray(profileFields.links) || profileFields.links.some((l) => typeof l?.url !== "string" || !/^https?:\/\//.test(l.url)))) {
    const bad = Array.isArray(profileFields.links) ? profileFields.links.find((l) => typeof l?.url !== "string" || !/^https?:\/\//.test(l.url)) : undefined;
    refuse("links must be a list of {name, url} with http(s) URLs", { field: "links", reason: "not_url", value: typeof bad?.url === "string" ? bad.url : "" });
  }
  if (profileFields?.interests && Array.isArray(profileFields.interests) && normalizeTags(profileFields.interests.filter((t) => typeof t === "string")).length > 20) {
    refuse("interests may hold at most 20 tags", { field: "interests", reason: "too_many", limit: 20 });
  }
  for (const key of ["region", "standpoint"] as const) {
    const value = profileFields?.[key];
    if (value != null && (typeof value !== "string" || value.length > 200)) refuse(`${key} must be a text of at most 200 characters`, { field: key, reason: "too_long", limit: 200 });
  }
  // A region is one of Québec's 17 administrative regions (regions.ts), so the find view can group by it.
  if (typeof profileFields?.region === "string" && profileFields.region.length <= 200 && profileFields.region.trim() && !regionFromText(profileFields.region)) {
    refuse("region must be one of Québec's 17 administrative regions (its number 01–17 or its name)", { field: "region", reason: "bad_choice" });
  }
  if (change.coordinates != null && !validCoordinates(change.coordinates)) refuse("coordinates must be {latitude, longitude} in degrees", { field: "coordinates", reason: "bad_choice" });
  return { problems, fields };
}

export async function updateLocalProfile(db: Kysely<Database>, actor: ActorRow, change: ProfileChange): Promise<ActorRow> {
  const { problems, fields: problemFields } = checkProfileChange(change);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "), problemFields);
  const merged = { ...profileFields(actor), ...change.fields };
  const region = regionFromText(merged.region);
  // Tags are kept as first spelled, one per key; the region under its official name.
  const fields = { ...merged, interests: normalizeTags(merged.interests).map((t) => t.name), region: region?.name ?? null };
  if (change.fields?.interests !== undefined) await replaceActorInterests(db, actor.id, fields.interests);
  const coordinates = change.coordinates === undefined ? undefined : change.coordinates && roundedCoordinates(change.coordinates);
  return db
    .updateTable("actors")
    .set({
      region: region?.code ?? null,
      ...(coordinates === undefined ? {} : { latitude: coordinates?.latitude ?? null, longitude: coordinates?.longitude ?? null }),
      name: change.name === undefined ? actor.name : change.name,
      summary: change.summary === undefined ? actor.summary : change.summary,
      icon_url: change.iconUrl === undefined ? actor.icon_url : change.iconUrl,
      profile_fields: JSON.stringify(fields),
      manually_approves_followers:
        change.manuallyApprovesFollowers === undefined ? actor.manually_approves_followers : change.manuallyApprovesFollowers ? 1 : 0,
      updated_at: isoNow(),
    })
    .where("id", "=", actor.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What the federation layer learned about a remote actor. */
export interface RemoteActorData {
  uri: string;
  type: ActorType;
  username: string;
  domain: string;
  name: string | null;
  summary: string | null;
  iconUrl: string | null;
  url: string | null;
  inboxUrl: string | null;
  sharedInboxUrl: string | null;
  outboxUrl: string | null;
  followersUrl: string | null;
  followingUrl: string | null;
  manuallyApprovesFollowers: boolean;
  fields: ProfileFields;
  /** `toot:discoverable` / `toot:indexable` as published (src/domain/privacy-choices.ts decides what absence means). */
  discoverable?: boolean;
  indexable?: boolean;
  /** The actor's `location` point, when it gave one. */
  coordinates?: Coordinates | null;
}

/** Inserts or refreshes the cached copy of a remote actor, keyed by its URI. */
export async function upsertRemoteActor(db: Kysely<Database>, data: RemoteActorData): Promise<ActorRow> {
  const now = isoNow();
  const values = {
    type: data.type,
    username: data.username,
    username_key: handleKey(data.username),
    domain: data.domain.toLowerCase(),
    name: data.name,
    summary: data.summary,
    // Only web addresses from another server (src/domain/remote-urls.ts).
    icon_url: httpUrlOrNull(data.iconUrl),
    url: httpUrlOrNull(data.url),
    inbox_url: httpUrlOrNull(data.inboxUrl),
    shared_inbox_url: httpUrlOrNull(data.sharedInboxUrl),
    outbox_url: httpUrlOrNull(data.outboxUrl),
    followers_url: httpUrlOrNull(data.followersUrl),
    following_url: httpUrlOrNull(data.followingUrl),
    profile_fields: JSON.stringify({ ...data.fields, links: data.fields.links.filter((link) => isHttpUrl(link.url)) }),
    manually_approves_followers: data.manuallyApprovesFollowers ? 1 : 0,
    ...(data.discoverable === undefined ? {} : { discoverable: data.discoverable ? 1 : 0 }),
    ...(data.indexable === undefined ? {} : { indexable: data.indexable ? 1 : 0 }),
    // Another server's region is kept as written (shown as such); only one of Québec's 17 is grouped by.
    region: regionFromText(data.fields.region)?.code ?? null,
    latitude: data.coordinates && validCoordinates(data.coordinates) ? roundedCoordinates(data.coordinates).latitude : null,
    longitude: data.coordinates && validCoordinates(data.coordinates) ? roundedCoordinates(data.coordinates).longitude : null,
    fetched_at: now,
    updated_at: now,
    deleted_at: null,
  };
  const existing = await findActorByUri(db, data.uri);
  if (existing?.is_local === 1) return existing;
  // The handle may have moved to another actor URI on that host: the newest
  // holder keeps it, older rows keep their URI but leave the namespace.
  await db
    .updateTable("actors")
    .set({ username_key: sql<string>`id || ':stale'` })
    .where("username_key", "=", values.username_key)
    .where("domain", "=", values.domain)
    .where("uri", "!=", data.uri)
    .where("is_local", "=", 0)
    .execute();
  const row = existing
    ? await db.updateTable("actors").set(values).where("id", "=", existing.id).returningAll().executeTakeFirstOrThrow()
    : await db
        .insertInto("actors")
        .values({ id: newId(), uri: data.uri, is_local: 0, created_at: now, ...values })
        .returningAll()
        .executeTakeFirstOrThrow();
  await replaceActorInterests(db, row.id, data.fields.interests);
  return row;
}

/** Remote actors are refreshed when their cached copy is older than this. */
export const REMOTE_ACTOR_TTL_MS = 24 * 60 * 60 * 1000;

export function isStale(actor: ActorRow, now = Date.now()): boolean {
  return actor.is_local === 0 && (actor.fetched_at == null || Date.parse(actor.fetched_at) + REMOTE_ACTOR_TTL_MS < now);
}

/** A remote actor deleted itself: keep the row (follows cascade away) as a marker. */
export async function markRemoteActorDeleted(db: Kysely<Database>, uri: string): Promise<boolean> {
  const actor = await findActorByUri(db, uri);
  if (!actor || actor.is_local === 1) return false;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("follows").where((eb) => eb.or([eb("follower_id", "=", actor.id), eb("following_id", "=", actor.id)])).execute();
    // Their likes and shares go too, as on Mastodon: counts show people who are still there.
    await tx.deleteFrom("reactions").where("actor_id", "=", actor.id).execute();
    const now = isoNow();
    // What they said of themselves goes too: interests, region, point (docs/DISCOVERY.md).
    await tx.updateTable("actors").set({ deleted_at: now, profile_fields: "{}", region: null, latitude: null, longitude: null }).where("id", "=", actor.id).execute();
    await tx.deleteFrom("actor_interests").where("actor_id", "=", actor.id).execute();
    // Their notes leave the network with them (those they wrote first; co-written ones stay with the others).
    const notes = await tx
      .updateTable("notes")
      .set({ deleted_at: now })
      .where("is_local", "=", 0)
      .where("deleted_at", "is", null)
      .where("id", "in", tx.selectFrom("note_authors").select("note_id").where("actor_id", "=", actor.id).where("position", "=", 0))
      .returning("id")
      .execute();
    // Nothing of their text stays here, their history included (issue 15).
    await purgeNoteContent(tx, notes.map((n) => n.id));
  });
  return true;
}
