// The network of instances: sister instances (administrators connect this
// instance to another: our instance actor follows theirs, and we read their
// instance outbox, which lists their public notes and communities) and every
// other instance we know of (hosts of known actors), with what their NodeInfo
// says (name, region, sector, languages, counts), cached in `known_instances`.
// The federation layer does the fetching behind the NetworkPort.
import { getLogger } from "@logtape/logtape";
import { sql, type Kysely, type Selectable } from "kysely";
import type { KnownInstancesTable } from "../db/policy-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { findActorById, handleOf, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { currentPolicy, isHostAllowed, parseHost } from "./federation-policy.ts";
import { deleteFollow, findFollow, recordFollow, type FollowRow } from "./follows.ts";
import { INSTANCE_ACTOR_ID } from "./paths.ts";

const logger = getLogger(["encommun", "network"]);

export type KnownInstanceRow = Selectable<KnownInstancesTable>;

/** What another instance's NodeInfo says, as far as we use it. */
export interface RemoteInstanceInfo {
  readonly name: string | null;
  readonly description: string | null;
  readonly software: string | null;
  readonly version: string | null;
  readonly region: string | null;
  readonly sector: string | null;
  readonly languages: readonly string[];
  readonly usersTotal: number | null;
  readonly usersActiveMonth: number | null;
  readonly localPosts: number | null;
  readonly openRegistrations: boolean | null;
  /** `metadata.instanceActor` (En commun) when given. */
  readonly instanceActorUri: string | null;
}

export interface SisterSync {
  /** Public notes received (created or updated here). */
  readonly notes: number;
  /** Communities listed (their Group actors stored). */
  readonly communities: number;
}

/** The port through which the domain reaches other instances (implemented by federation/network.ts). */
export interface NetworkPort {
  /** The NodeInfo of `host` (`host` or `host:port`); null when it has none. Never asks a host the policy refuses. */
  nodeInfo(host: string): Promise<RemoteInstanceInfo | null>;
  /**
   * The instance actor of `host`, fetched and stored: NodeInfo's
   * `metadata.instanceActor` (`hint`), the FEP-2677 link of its NodeInfo
   * discovery document, or WebFinger `acct:host@host`. Null when none answers.
   */
  instanceActor(host: string, hint: string | null): Promise<ActorRow | null>;
  /** Reads a sister's instance outbox and keeps its public notes and communities. */
  syncSister(host: string, instanceActor: ActorRow): Promise<SisterSync>;
}

/** NodeInfo is refreshed after a day, a failed fetch retried after an hour. */
export const NODEINFO_TTL_MS = 24 * 60 * 60 * 1000;
export const NODEINFO_RETRY_MS = 60 * 60 * 1000;
/** A sister's outbox is read on connection, then once a day. */
export const SISTER_SYNC_MS = 24 * 60 * 60 * 1000;
/** How many hosts one maintenance run asks for NodeInfo. */
const REFRESH_BATCH = 20;
/** How many non-sister instances the network lists. */
const LIST_LIMIT = 200;

function requireAdmin(by: { readonly isAdmin: boolean }): void {
  if (!by.isAdmin) throw new DomainError("forbidden", "Only administrators connect sister instances");
}

function requirePort(services: Services): NetworkPort {
  if (!services.network) throw new DomainError("unsupported", "This process has no federation layer to reach other instances");
  return services.network;
}

async function hostAllowed(services: Pick<Services, "db" | "config">, host: string): Promise<boolean> {
  if (host === services.config.publicUrl.host.toLowerCase()) return false;
  return isHostAllowed(await currentPolicy(services.db), host);
}

// ---------------------------------------------------------------- NodeInfo cache

export async function findKnownInstance(db: Kysely<Database>, host: string): Promise<KnownInstanceRow | undefined> {
  return db.selectFrom("known_instances").selectAll().where("host", "=", host).executeTakeFirst();
}

async function ensureKnownInstance(db: Kysely<Database>, host: string): Promise<void> {
  await db
    .insertInto("known_instances")
    .values({ host, created_at: isoNow() })
    .onConflict((oc) => oc.column("host").doNothing())
    .execute();
}

async function storeNodeInfo(db: Kysely<Database>, host: string, info: RemoteInstanceInfo | null, error: string | null): Promise<KnownInstanceRow> {
  await ensureKnownInstance(db, host);
  const now = isoNow();
  const values = info
    ? {
        name: info.name,
        description: info.description,
        software: info.software,
        version: info.version,
        region: info.region,
        sector: info.sector,
        languages: JSON.stringify(info.languages),
        users_total: info.usersTotal,
        users_active_month: info.usersActiveMonth,
        local_posts: info.localPosts,
        open_registrations: info.openRegistrations == null ? null : info.openRegistrations ? 1 : 0,
        instance_actor_uri: info.instanceActorUri,
        nodeinfo_fetched_at: now,
        nodeinfo_error: null,
      }
    : // Keep what we knew; remember the failure so we do not ask again at once.
      { nodeinfo_fetched_at: now, nodeinfo_error: error ?? "no NodeInfo" };
  return db.updateTable("known_instances").set(values).where("host", "=", host).returningAll().executeTakeFirstOrThrow();
}

/** Fetches and caches the NodeInfo of `host`; null when the policy refuses it or no federation layer runs here. */
export async function refreshInstance(services: Services, host: string): Promise<KnownInstanceRow | null> {
  if (!services.network || !(await hostAllowed(services, host))) return null;
  let info: RemoteInstanceInfo | null = null;
  let error: string | null = null;
  try {
    info = await services.network.nodeInfo(host);
  } catch (caught) {
    error = caught instanceof Error ? caught.message.slice(0, 300) : String(caught);
  }
  if (info == null) logger.info("No NodeInfo from {host}: {error}", { host, error: error ?? "none published" });
  return storeNodeInfo(services.db, host, info, error);
}

// ---------------------------------------------------------------- sisters

export interface SisterLink {
  /** Our instance actor follows theirs (we connected): the follow, pending until they accept. */
  readonly outgoing: { readonly follow: FollowRow; readonly actor: ActorRow } | null;
  /** Their instance actor follows ours (they connected), accepted. */
  readonly incoming: { readonly follow: FollowRow; readonly actor: ActorRow } | null;
}

/** Every instance linked to ours as a sister, either way, by host. */
export async function sisterLinks(db: Kysely<Database>): Promise<Map<string, SisterLink>> {
  const rows = await db
    .selectFrom("follows")
    .innerJoin("actors as follower", "follower.id", "follows.follower_id")
    .innerJoin("actors as following", "following.id", "follows.following_id")
    .selectAll("follows")
    .select(["follower.domain as follower_domain", "following.domain as following_domain"])
    .where((eb) =>
      eb.or([
        eb.and([eb("follows.follower_id", "=", INSTANCE_ACTOR_ID), eb("following.type", "=", "Application"), eb("following.is_local", "=", 0)]),
        eb.and([
          eb("follows.following_id", "=", INSTANCE_ACTOR_ID),
          eb("follower.type", "=", "Application"),
          eb("follower.is_local", "=", 0),
          eb("follows.status", "=", "accepted"),
        ]),
      ]),
    )
    .execute();
  const links = new Map<string, { outgoing: SisterLink["outgoing"]; incoming: SisterLink["incoming"] }>();
  for (const row of rows) {
    const { follower_domain, following_domain, ...follow } = row;
    const outgoing = follow.follower_id === INSTANCE_ACTOR_ID;
    const host = outgoing ? following_domain : follower_domain;
    const actor = await findActorById(db, outgoing ? follow.following_id : follow.follower_id);
    if (!actor || actor.deleted_at != null) continue;
    const link = links.get(host) ?? { outgoing: null, incoming: null };
    if (outgoing) link.outgoing = { follow, actor };
    else link.incoming = { follow, actor };
    links.set(host, link);
  }
  return links;
}

async function localInstanceActor(db: Kysely<Database>): Promise<ActorRow> {
  const actor = await findActorById(db, INSTANCE_ACTOR_ID);
  if (!actor) throw new DomainError("not_found", "This instance has no instance actor yet (start the server once)");
  return actor;
}

/** Reads a sister's outbox now and records when; failures are logged, not thrown (the daily job tries again). */
export async function syncSister(services: Services, host: string, instanceActor: ActorRow): Promise<SisterSync | null> {
  const network = requirePort(services);
  await ensureKnownInstance(services.db, host);
  await services.db.updateTable("known_instances").set({ outbox_synced_at: isoNow() }).where("host", "=", host).execute();
  try {
    const result = await network.syncSister(host, instanceActor);
    logger.info("Read the outbox of sister instance {host}: {notes} note(s), {communities} community(ies)", { host, ...result });
    return result;
  } catch (error) {
    logger.warning("Could not read the outbox of sister instance {host}: {error}", { host, error });
    return null;
  }
}

export interface ConnectResult {
  readonly host: string;
  readonly created: boolean;
  readonly follow: FollowRow;
  readonly actor: ActorRow;
  readonly instance: KnownInstanceRow | null;
  readonly sync: SisterSync | null;
}

/**
 * An administrator connects this instance to another: our instance actor
 * follows theirs (they accept when their policy allows us), and we read their
 * instance outbox at once (then daily, in the worker). Idempotent.
 */
export async function connectSister(services: Services, by: { readonly actor: ActorRow; readonly isAdmin: boolean }, hostInput: unknown): Promise<ConnectResult> {
  requireAdmin(by);
  const network = requirePort(services);
  const host = typeof hostInput === "string" ? parseHost(hostInput) : null;
  if (host == null) throw new DomainError("invalid", 'Give "host": the host of the other instance (example.org or example.org:8443)');
  if (host === services.config.publicUrl.host.toLowerCase()) throw new DomainError("invalid", "An instance cannot be its own sister");
  if (!isHostAllowed(await currentPolicy(services.db), host)) {
    throw new DomainError("forbidden", `This instance does not federate with ${host} (federation policy): allow it first`);
  }
  const instance = await refreshInstance(services, host);
  const actor = await network.instanceActor(host, instance?.instance_actor_uri ?? null);
  if (!actor || actor.type !== "Application" || actor.domain !== host) {
    throw new DomainError("not_found", `No instance actor found at ${host} (NodeInfo, FEP-2677 or acct:${host}@${host})`);
  }
  const ours = await localInstanceActor(services.db);
  const { follow, created } = await services.db.transaction().execute(async (tx) => {
    const result = await recordFollow(tx, services.config.publicUrl, ours, actor, { accepted: false });
    if (result.created) await services.outbox.send({ type: "follow", followId: result.follow.id }, tx);
    return result;
  });
  if (created) {
    logger.warning("Sister instance {host} connected by {admin}", { host, admin: handleOf(by.actor) });
  }
  const sync = await syncSister(services, host, actor);
  return { host, created, follow, actor, instance: (await findKnownInstance(services.db, host)) ?? null, sync };
}

/** An administrator disconnects: our instance actor stops following theirs (Undo(Follow)). */
export async function disconnectSister(services: Services, by: { readonly actor: ActorRow; readonly isAdmin: boolean }, hostInput: string): Promise<boolean> {
  requireAdmin(by);
  const host = parseHost(hostInput);
  const link = host == null ? undefined : (await sisterLinks(services.db)).get(host)?.outgoing;
  if (!host || !link) return false;
  const follow = await findFollow(services.db, INSTANCE_ACTOR_ID, link.actor.id);
  if (!follow) return false;
  await services.db.transaction().execute(async (tx) => {
    await deleteFollow(tx, follow.id);
    await services.outbox.send({ type: "unfollow", followerId: INSTANCE_ACTOR_ID, followingId: link.actor.id, activityUri: follow.activity_uri }, tx);
  });
  logger.warning("Sister instance {host} disconnected by {admin}", { host, admin: handleOf(by.actor) });
  return true;
}

/** An administrator asks for a sister's outbox now (the network page's button, the API). */
export async function syncSisterNow(services: Services, by: { readonly isAdmin: boolean }, hostInput: string): Promise<SisterSync | null> {
  requireAdmin(by);
  const host = parseHost(hostInput);
  const link = host == null ? undefined : (await sisterLinks(services.db)).get(host)?.outgoing;
  if (!host || !link) throw new DomainError("not_found", "Not a sister instance: connect it first");
  if (!(await hostAllowed(services, host))) throw new DomainError("forbidden", `This instance does not federate with ${host} (federation policy)`);
  return syncSister(services, host, link.actor);
}

// ---------------------------------------------------------------- the list

export interface NetworkEntry {
  readonly host: string;
  /** Null for an instance that is not a sister. */
  readonly sister: { readonly connected: boolean; readonly status: "pending" | "accepted" | null; readonly followsUs: boolean } | null;
  /** Whether the federation policy lets us federate with it. */
  readonly allowed: boolean;
  readonly name: string | null;
  readonly description: string | null;
  readonly software: string | null;
  readonly version: string | null;
  readonly region: string | null;
  readonly sector: string | null;
  readonly languages: readonly string[];
  readonly users: number | null;
  readonly activeUsers: number | null;
  readonly posts: number | null;
  /** Accounts of that instance we know of here. */
  readonly knownActors: number;
  /** Of which communities (Groups). */
  readonly knownCommunities: number;
  /** Notes of its people kept here. */
  readonly keptNotes: number;
  readonly nodeInfoFetchedAt: string | null;
  readonly outboxSyncedAt: string | null;
}

function languagesOf(row: KnownInstanceRow | undefined): string[] {
  try {
    const value = JSON.parse(row?.languages ?? "[]") as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").slice(0, 20) : [];
  } catch {
    return [];
  }
}

/**
 * Known instances: sisters first, then the hosts of known actors (most known
 * accounts first). Instances the policy refuses are listed for administrators
 * only (marked `allowed: false`).
 */
export async function listNetwork(services: Pick<Services, "db" | "config">, options: { readonly isAdmin: boolean }): Promise<NetworkEntry[]> {
  const { db } = services;
  const policy = await currentPolicy(db);
  const ownHost = services.config.publicUrl.host.toLowerCase();
  const [links, actorCounts, noteCounts, known] = await Promise.all([
    sisterLinks(db),
    db
      .selectFrom("actors")
      .select(["domain", (eb) => eb.fn.countAll<number | string>().as("n"), sql<number | string>`sum(case when type = 'Group' then 1 else 0 end)`.as("groups")])
      .where("is_local", "=", 0)
      .where("deleted_at", "is", null)
      .groupBy("domain")
      .execute(),
    db
      .selectFrom("notes")
      .innerJoin("note_authors", "note_authors.note_id", "notes.id")
      .innerJoin("actors", "actors.id", "note_authors.actor_id")
      .select(["actors.domain", (eb) => eb.fn.count<number | string>("notes.id").distinct().as("n")])
      .where("notes.is_local", "=", 0)
      .where("notes.deleted_at", "is", null)
      .groupBy("actors.domain")
      .execute(),
    db.selectFrom("known_instances").selectAll().execute(),
  ]);
  const actorsBy = new Map(actorCounts.map((r) => [r.domain, { actors: Number(r.n), groups: Number(r.groups ?? 0) }]));
  const notesBy = new Map(noteCounts.map((r) => [r.domain, Number(r.n)]));
  const knownBy = new Map(known.map((r) => [r.host, r]));
  const hosts = new Set<string>([...links.keys(), ...actorsBy.keys(), ...known.map((r) => r.host)]);
  hosts.delete(ownHost);

  const entries: NetworkEntry[] = [];
  for (const host of hosts) {
    const allowed = isHostAllowed(policy, host);
    if (!allowed && !options.isAdmin) continue;
    const link = links.get(host);
    const row = knownBy.get(host);
    entries.push({
      host,
      sister: link
        ? { connected: link.outgoing != null, status: link.outgoing?.follow.status ?? null, followsUs: link.incoming != null }
        : null,
      allowed,
      name: row?.name ?? null,
      description: row?.description ?? null,
      software: row?.software ?? null,
      version: row?.version ?? null,
      region: row?.region ?? null,
      sector: row?.sector ?? null,
      languages: languagesOf(row),
      users: row?.users_total ?? null,
      activeUsers: row?.users_active_month ?? null,
      posts: row?.local_posts ?? null,
      knownActors: actorsBy.get(host)?.actors ?? 0,
      knownCommunities: actorsBy.get(host)?.groups ?? 0,
      keptNotes: notesBy.get(host) ?? 0,
      nodeInfoFetchedAt: row?.nodeinfo_fetched_at ?? null,
      outboxSyncedAt: row?.outbox_synced_at ?? null,
    });
  }
  entries.sort((a, b) => {
    if ((a.sister != null) !== (b.sister != null)) return a.sister != null ? -1 : 1;
    if (a.sister == null && a.knownActors !== b.knownActors) return b.knownActors - a.knownActors;
    return a.host.localeCompare(b.host);
  });
  const sisters = entries.filter((e) => e.sister != null);
  return [...sisters, ...entries.filter((e) => e.sister == null).slice(0, LIST_LIMIT)];
}

// ---------------------------------------------------------------- the worker's job

/** Hosts whose NodeInfo is missing or stale: sisters and hosts of known actors. */
async function hostsDueForNodeInfo(services: Services, now: number): Promise<string[]> {
  const { db } = services;
  const [links, domains, known] = await Promise.all([
    sisterLinks(db),
    db.selectFrom("actors").select("domain").distinct().where("is_local", "=", 0).where("deleted_at", "is", null).limit(5000).execute(),
    db.selectFrom("known_instances").select(["host", "nodeinfo_fetched_at", "nodeinfo_error"]).execute(),
  ]);
  const knownBy = new Map(known.map((r) => [r.host, r]));
  const due: string[] = [];
  for (const host of new Set([...links.keys(), ...domains.map((d) => d.domain)])) {
    const row = knownBy.get(host);
    const fetchedAt = row?.nodeinfo_fetched_at ? Date.parse(row.nodeinfo_fetched_at) : null;
    const ttl = row?.nodeinfo_error ? NODEINFO_RETRY_MS : NODEINFO_TTL_MS;
    if (fetchedAt == null || fetchedAt + ttl < now) due.push(host);
    if (due.length >= REFRESH_BATCH) break;
  }
  return due;
}

/** Claims today's read of a sister's outbox, so that one worker of several does it. */
async function claimSisterSync(db: Kysely<Database>, host: string, now: number): Promise<boolean> {
  await ensureKnownInstance(db, host);
  const cutoff = new Date(now - SISTER_SYNC_MS).toISOString();
  const result = await db
    .updateTable("known_instances")
    .set({ outbox_synced_at: new Date(now).toISOString() })
    .where("host", "=", host)
    .where((eb) => eb.or([eb("outbox_synced_at", "is", null), eb("outbox_synced_at", "<", cutoff)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * What the worker does every few minutes: refresh stale NodeInfo (a batch),
 * and read each sister's outbox once a day.
 */
export async function networkMaintenance(services: Services, now = Date.now()): Promise<{ refreshed: number; synced: number }> {
  const network = services.network;
  if (!network) return { refreshed: 0, synced: 0 };
  let refreshed = 0;
  for (const host of await hostsDueForNodeInfo(services, now)) {
    if (await refreshInstance(services, host)) refreshed++;
  }
  let synced = 0;
  for (const [host, link] of await sisterLinks(services.db)) {
    if (!link.outgoing || !(await hostAllowed(services, host))) continue;
    if (!(await claimSisterSync(services.db, host, now))) continue;
    try {
      await network.syncSister(host, link.outgoing.actor);
      synced++;
    } catch (error) {
      logger.warning("Could not read the outbox of sister instance {host}: {error}", { host, error });
    }
  }
  return { refreshed, synced };
}

// ---------------------------------------------------------------- our own listing

/** Our public communities, for the instance actor's outbox (what sisters read). */
export async function listedCommunities(db: Kysely<Database>, limit = 200): Promise<ActorRow[]> {
  return db
    .selectFrom("communities")
    .innerJoin("actors", "actors.id", "communities.actor_id")
    .selectAll("actors")
    .where("communities.visibility", "=", "public")
    .where("actors.is_local", "=", 1)
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .limit(limit)
    .execute();
}

/** How many items the instance outbox lists: public communities and public top-level local notes. */
export async function countInstanceListing(db: Kysely<Database>): Promise<number> {
  const [communities, notes] = await Promise.all([
    listedCommunities(db),
    db
      .selectFrom("notes")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("is_local", "=", 1)
      .where("deleted_at", "is", null)
      .where("visibility", "=", "public")
      .where("in_reply_to_uri", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return communities.length + Number(notes.n);
}
