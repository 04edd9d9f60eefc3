// What search leaves out, as SQL over `search_documents d`: content of hosts
// and accounts an administrator blocked or limited (listedContentFilter:
// search is a public list), and, for a signed-in member, what they muted or
// blocked (member-blocks.ts). Notes are judged by their authors, people and
// communities by themselves. No condition while nothing is restricted.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { SearchDocumentKind } from "../../db/search-schema.ts";
import { currentRestrictions, listedContentFilter } from "../content-restrictions.ts";
import { hiddenAuthorsFilter, hiddenFor } from "../member-blocks.ts";

/** An actor row `a` among these hosts (or their subdomains and ports, as the blocklist matches), accounts or ids. */
function actorAmong(hosts: readonly string[], accounts: readonly string[], actorIds: readonly string[]): RawBuilder<unknown> {
  const conditions = [
    ...hosts.flatMap((h) => [sql`a.domain = ${h}`, sql`a.domain LIKE ${`%.${h}`}`, ...(h.includes(":") && !h.endsWith("]") ? [] : [sql`a.domain LIKE ${`${h}:%`}`])]),
    ...(accounts.length > 0 ? [sql`a.uri IN (${sql.join(accounts)})`] : []),
    ...(actorIds.length > 0 ? [sql`a.id IN (${sql.join(actorIds)})`] : []),
  ];
  return sql`(${sql.join(conditions, sql` OR `)})`;
}

/** The conditions hiding restricted content from a viewer's search of one kind (none when nothing is restricted). */
export async function hiddenContentConditions(
  db: Kysely<Database>,
  kind: SearchDocumentKind,
  viewerId: string | null,
  /** The column holding the note's or actor's id (the find view has no search document). */
  refId: RawBuilder<unknown> = sql`d.ref_id`,
): Promise<RawBuilder<unknown>[]> {
  if (kind === "notebook" || kind === "term") return [];
  const [r, hidden] = await Promise.all([currentRestrictions(db), hiddenFor(db, viewerId)]);
  const hosts = [...r.blockedHosts, ...r.limitedHosts, ...hidden.hosts];
  const accounts = [...r.blockedAccounts, ...r.limitedAccounts];
  if (hosts.length === 0 && accounts.length === 0 && hidden.actorIds.length === 0) return [];
  if (kind === "note") {
    const visible = db.selectFrom("notes").select("notes.id").where(sql<boolean>`notes.id = ${refId}`).where(listedContentFilter(r)).where(hiddenAuthorsFilter(hidden));
    return [sql`EXISTS ${visible}`];
  }
  return [sql`NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = ${refId} AND ${actorAmong(hosts, accounts, hidden.actorIds)})`];
}

