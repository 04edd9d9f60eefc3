// Which instances this one federates with. `open` (the default) federates with
// anyone not on the blocklist; `network-only` only with the hosts on the
// allowlist (a network of sister instances), the blocklist still winning.
// The policy lives in the database so that administrators change it at
// runtime: every process reads it through a cache of at most a second, so a
// change applies to inbound and outbound traffic everywhere without a restart.
// The initial values come from the environment (FEDERATION_MODE,
// BLOCKED_INSTANCES, ALLOWED_INSTANCES) the first time the server starts;
// from then on the database is the only truth.
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { handleOf, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { perDatabaseCache } from "./per-database-cache.ts";

const logger = getLogger(["encommun", "federation-policy"]);

export const FEDERATION_MODES = ["open", "network-only"] as const;
export type FederationMode = (typeof FEDERATION_MODES)[number];

export interface FederationPolicy {
  readonly mode: FederationMode;
  /** Hosts refused in every mode. */
  readonly blocked: readonly string[];
  /** In `network-only` mode, the only hosts we federate with. */
  readonly allowed: readonly string[];
}

export interface StoredPolicy extends FederationPolicy {
  readonly updatedAt: string | null;
  /** Actor id of the administrator who last changed it; null while it is the seeded one. */
  readonly updatedBy: string | null;
}

export const DEFAULT_POLICY: StoredPolicy = { mode: "open", blocked: [], allowed: [], updatedAt: null, updatedBy: null };

/** Longest list an administrator may store (each host is checked on every request). */
export const MAX_POLICY_HOSTS = 1000;
/** How long a process trusts the policy it read: the bound on how late a change applies elsewhere. */
export const POLICY_CACHE_MS = 1000;

// ---------------------------------------------------------------- hosts

/**
 * A host as the policy stores it: lower-case, IDN as punycode, `host` or
 * `host:port` (the https default port dropped). Accepts a pasted
 * `https://host/`; null for anything else.
 */
export function parseHost(input: string): string | null {
  const text = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/$/, "");
  if (text === "" || /[\s/@?#\\*]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`https://${text}`);
  } catch {
    return null;
  }
  if (url.hostname === "" || (!url.hostname.includes(".") && url.hostname !== "localhost" && !url.hostname.startsWith("["))) return null;
  return url.host;
}

/** Splits a comma-separated list (the environment's form) into valid hosts and the entries that are not. */
export function parseHostList(raw: string | readonly string[]): { hosts: string[]; invalid: string[] } {
  const entries = typeof raw === "string" ? raw.split(",") : raw;
  const hosts: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== "string") {
      invalid.push(String(entry));
      continue;
    }
    if (entry.trim() === "") continue;
    const host = parseHost(entry);
    if (host == null) invalid.push(entry.trim());
    else if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts, invalid };
}

function splitHost(host: string): { name: string; port: string } | null {
  try {
    const url = new URL(`https://${host}`);
    return { name: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

const IP_ADDRESS = /^(\d+\.){3}\d+$|^\[/;

/**
 * An entry with a port names that one server; without a port it covers the
 * host on any port and its subdomains (`example.org` covers
 * `social.example.org`), as Mastodon's domain blocks do.
 */
export function hostMatches(entry: string, host: string): boolean {
  const e = splitHost(entry);
  const h = splitHost(host);
  if (e == null || h == null) return false;
  if (e.port !== "") return e.name === h.name && e.port === h.port;
  if (h.name === e.name) return true;
  return !IP_ADDRESS.test(e.name) && h.name.endsWith(`.${e.name}`);
}

/** Whether the policy lets this instance federate with `host` (`host` or `host:port`). Pure. */
export function isHostAllowed(policy: FederationPolicy, host: string): boolean {
  const normalized = host.toLowerCase();
  if (policy.blocked.some((entry) => hostMatches(entry, normalized))) return false;
  if (policy.mode === "network-only") return policy.allowed.some((entry) => hostMatches(entry, normalized));
  return true;
}

// ---------------------------------------------------------------- storage

const POLICY_ID = "current";

function jsonList(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

async function readPolicy(db: Kysely<Database>): Promise<StoredPolicy> {
  const row = await db.selectFrom("federation_policy").selectAll().where("id", "=", POLICY_ID).executeTakeFirst();
  if (!row) return DEFAULT_POLICY;
  return {
    mode: (FEDERATION_MODES as readonly string[]).includes(row.mode) ? row.mode : "open",
    blocked: jsonList(row.blocked_hosts),
    allowed: jsonList(row.allowed_hosts),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

const cache = perDatabaseCache(readPolicy, POLICY_CACHE_MS);

/** The policy in force, read from the database at most once a second per process. */
export function currentPolicy(db: Kysely<Database>, now = Date.now()): Promise<StoredPolicy> {
  return cache.get(db, now);
}

/** Forgets this process's cached copy (after a change made here). */
export function forgetCachedPolicy(db: Kysely<Database>): void {
  cache.forget(db);
}

/**
 * Stores the initial policy from the environment unless a policy is stored
 * already: the environment is read once, on first start; afterwards the
 * database (administrators' changes) is the only truth, so processes or
 * commands started with other settings never flip it. Safe to run from
 * several processes at once.
 */
export async function seedPolicy(db: Kysely<Database>, initial: FederationPolicy): Promise<{ seeded: boolean; policy: StoredPolicy }> {
  const result = await db
    .insertInto("federation_policy")
    .values({
      id: POLICY_ID,
      mode: initial.mode,
      blocked_hosts: JSON.stringify(initial.blocked),
      allowed_hosts: JSON.stringify(initial.allowed),
      updated_at: isoNow(),
      updated_by: null,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  forgetCachedPolicy(db);
  const seeded = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  return { seeded, policy: await currentPolicy(db) };
}

/** Whether two policies say the same thing (order of the lists aside). */
export function samePolicy(a: FederationPolicy, b: FederationPolicy): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((h) => y.includes(h));
  return a.mode === b.mode && same(a.blocked, b.blocked) && same(a.allowed, b.allowed);
}

// ---------------------------------------------------------------- changes

/** What an administrator changes; absent fields stay as they are, lists are replaced whole. */
export interface PolicyChange {
  readonly mode?: unknown;
  readonly blockedInstances?: unknown;
  readonly allowedInstances?: unknown;
}

export interface PolicyChangeRecord {
  readonly id: string;
  readonly actorId: string;
  readonly actorHandle: string;
  readonly summary: string;
  readonly createdAt: string;
}

function hostsField(name: string, value: unknown, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${name} must be a list of hosts ("host" or "host:port")`);
    return undefined;
  }
  const { hosts, invalid } = parseHostList(value as unknown[] as string[]);
  if (invalid.length > 0) problems.push(`${name}: not a host: ${invalid.slice(0, 5).join(", ")}`);
  if (hosts.length > MAX_POLICY_HOSTS) problems.push(`${name} may list at most ${MAX_POLICY_HOSTS} hosts`);
  return hosts;
}

function describeChange(before: FederationPolicy, after: FederationPolicy): string {
  const parts: string[] = [];
  if (before.mode !== after.mode) parts.push(`mode ${before.mode} → ${after.mode}`);
  for (const [label, from, to] of [["allowed", before.allowed, after.allowed], ["blocked", before.blocked, after.blocked]] as const) {
    const added = to.filter((h) => !from.includes(h)).map((h) => `+${h}`);
    const removed = from.filter((h) => !to.includes(h)).map((h) => `-${h}`);
    if (added.length + removed.length > 0) parts.push(`${label} ${[...added, ...removed].join(" ")}`);
  }
  return parts.join("; ");
}

/**
 * An administrator changes the policy. Logged (who, what) in the server log
 * and in `federation_policy_changes`; emits no activity (other instances
 * learn nothing). Applies at once in this process and within
 * POLICY_CACHE_MS in the others.
 */
export async function setPolicy(
  services: Pick<Services, "db" | "config">,
  by: { readonly actor: ActorRow; readonly isAdmin: boolean },
  change: PolicyChange,
): Promise<StoredPolicy> {
  if (!by.isAdmin) throw new DomainError("forbidden", "Only administrators change the federation policy");
  const problems: string[] = [];
  if (change.mode !== undefined && !(FEDERATION_MODES as readonly unknown[]).includes(change.mode)) {
    problems.push(`mode must be one of ${FEDERATION_MODES.join(", ")}`);
  }
  const blocked = hostsField("blockedInstances", change.blockedInstances, problems);
  const allowed = hostsField("allowedInstances", change.allowedInstances, problems);
  const ownHost = services.config.publicUrl.host.toLowerCase();
  if (blocked?.some((h) => hostMatches(h, ownHost))) problems.push(`blockedInstances cannot cover this instance itself (${ownHost})`);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));

  forgetCachedPolicy(services.db);
  const before = await currentPolicy(services.db);
  const after: FederationPolicy = {
    mode: (change.mode as FederationMode | undefined) ?? before.mode,
    blocked: blocked ?? before.blocked,
    allowed: allowed ?? before.allowed,
  };
  const summary = describeChange(before, after);
  if (summary === "") return before;
  const now = isoNow();
  const handle = handleOf(by.actor);
  await services.db.transaction().execute(async (tx) => {
    const values = {
      mode: after.mode,
      blocked_hosts: JSON.stringify(after.blocked),
      allowed_hosts: JSON.stringify(after.allowed),
      updated_at: now,
      updated_by: by.actor.id,
    };
    await tx
      .insertInto("federation_policy")
      .values({ id: POLICY_ID, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
    await tx
      .insertInto("federation_policy_changes")
      .values({ id: newId(), actor_id: by.actor.id, actor_handle: handle, summary, created_at: now })
      .execute();
  });
  forgetCachedPolicy(services.db);
  logger.warning("Federation policy changed by {admin}: {summary}", { admin: handle, summary });
  return currentPolicy(services.db);
}

/** The latest changes, newest first. */
export async function policyChanges(db: Kysely<Database>, limit = 20): Promise<PolicyChangeRecord[]> {
  const rows = await db.selectFrom("federation_policy_changes").selectAll().orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({ id: r.id, actorId: r.actor_id, actorHandle: r.actor_handle, summary: r.summary, createdAt: r.created_at }));
}
