// Whose content this instance hides, in one place: the hosts and remote
// accounts an administrator blocked (hidden everywhere) or limited (hidden
// from public lists and search, still reachable by link and in threads).
// Read through a cache of at most a second per process, like the federation
// policy, because lists and note pages ask on every request; the filters are
// no-ops (no extra SQL) while nothing is restricted.
import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { currentPolicy, forgetCachedPolicy, hostMatches, POLICY_CACHE_MS } from "./federation-policy.ts";
import { perDatabaseCache } from "./per-database-cache.ts";

export interface ContentRestrictions {
  /** Blocked hosts (the federation policy's blocklist): their content is hidden. */
  readonly blockedHosts: readonly string[];
  /** Limited hosts: their content stays out of public lists and search. */
  readonly limitedHosts: readonly string[];
  /** Actor URIs of blocked remote accounts. */
  readonly blockedAccounts: readonly string[];
  /** Actor URIs of limited remote accounts. */
  readonly limitedAccounts: readonly string[];
}

async function readRestrictions(db: Kysely<Database>): Promise<ContentRestrictions> {
  const [policy, rows] = await Promise.all([currentPolicy(db), db.selectFrom("moderation_policies").select(["target_type", "target", "policy"]).execute()]);
  const pick = (type: string, value: string) => rows.filter((r) => r.target_type === type && r.policy === value).map((r) => r.target);
  return {
    blockedHosts: policy.blocked,
    limitedHosts: pick("instance", "limit").filter((h) => !policy.blocked.includes(h)),
    blockedAccounts: pick("account", "block"),
    limitedAccounts: pick("account", "limit"),
  };
}

const cache = perDatabaseCache(readRestrictions, POLICY_CACHE_MS);

export function currentRestrictions(db: Kysely<Database>, now = Date.now()): Promise<ContentRestrictions> {
  return cache.get(db, now);
}

/** After a change made in this process: the next read sees it at once. */
export function forgetCachedRestrictions(db: Kysely<Database>): void {
  cache.forget(db);
  forgetCachedPolicy(db);
}

/** Whether an actor (by URI and host) is hidden everywhere (blocked) or only from public lists (limited). */
export function restrictionOf(r: ContentRestrictions, actor: { readonly uri: string; readonly domain: string }): "block" | "limit" | null {
  if (r.blockedAccounts.includes(actor.uri) || r.blockedHosts.some((h) => hostMatches(h, actor.domain))) return "block";
  if (r.limitedAccounts.includes(actor.uri) || r.limitedHosts.some((h) => hostMatches(h, actor.domain))) return "limit";
  return null;
}

/**
 * A `where` for queries over `notes`: no author of the note is among these
 * hosts (the host itself or a subdomain, as the blocklist matches) or
 * accounts. True (no condition) when both lists are empty.
 */
export function noAuthorAmong(hosts: readonly string[], accounts: readonly string[], actorIds: readonly string[] = []) {
  return (eb: ExpressionBuilder<Database, "notes">) => {
    if (hosts.length === 0 && accounts.length === 0 && actorIds.length === 0) return eb.lit(true);
    return eb.not(
      eb.exists(
        eb
          .selectFrom("note_authors as restricted_authors")
          .innerJoin("actors as restricted_actors", "restricted_actors.id", "restricted_authors.actor_id")
          .select("restricted_authors.note_id")
          .whereRef("restricted_authors.note_id", "=", "notes.id")
          .where((inner) =>
            inner.or([
              // An entry without a port covers every port and every subdomain (hostMatches).
              ...hosts.flatMap((h) => [
                inner("restricted_actors.domain", "=", h),
                inner("restricted_actors.domain", "like", `%.${h}`),
                ...(h.includes(":") && !h.endsWith("]") ? [] : [inner("restricted_actors.domain", "like", `${h}:%`)]),
              ]),
              ...(accounts.length > 0 ? [inner("restricted_actors.uri", "in", accounts)] : []),
              ...(actorIds.length > 0 ? [inner("restricted_actors.id", "in", actorIds)] : []),
            ]),
          ),
      ),
    );
  };
}

/** The filter for public lists and search: neither blocked nor limited authors. */
export function listedContentFilter(r: ContentRestrictions) {
  return noAuthorAmong([...r.blockedHosts, ...r.limitedHosts], [...r.blockedAccounts, ...r.limitedAccounts]);
}

/** The filter for everything else (threads, pages): no blocked author. */
export function visibleContentFilter(r: ContentRestrictions) {
  return noAuthorAmong(r.blockedHosts, r.blockedAccounts);
}

/** Whether a note is hidden by an administrator's block: its URI's host, or one of its authors. */
export async function isNoteHiddenByBlock(db: Kysely<Database>, note: { readonly id: string; readonly uri: string; readonly is_local: number }): Promise<boolean> {
  if (note.is_local === 1) return false;
  const r = await currentRestrictions(db);
  if (r.blockedHosts.length === 0 && r.blockedAccounts.length === 0) return false;
  const host = URL.parse(note.uri)?.host.toLowerCase();
  if (host != null && r.blockedHosts.some((h) => hostMatches(h, host))) return true;
  const authors = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .select(["actors.uri", "actors.domain"])
    .where("note_authors.note_id", "=", note.id)
    .execute();
  return authors.some((a) => restrictionOf(r, a) === "block");
}
