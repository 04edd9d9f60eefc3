// Reading counts: how many times a note's page was shown to a browser here.
// One number per note and nothing else: no reader, no time, no address, so
// there is no trail to keep, leak or delete.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/** Adds one reading to a note (an upsert, so concurrent views never lose a count). */
export async function countRead(db: Kysely<Database>, noteId: string): Promise<void> {
  await db
    .insertInto("note_reads")
    .values({ note_id: noteId, count: 1 })
    .onConflict((oc) => oc.column("note_id").doUpdateSet((eb) => ({ count: eb("note_reads.count", "+", 1) })))
    .execute();
}

/** Readings of each given note (notes never read are absent). */
export async function readCounts(db: Kysely<Database>, noteIds: readonly string[]): Promise<Map<string, number>> {
  if (noteIds.length === 0) return new Map();
  const rows = await db.selectFrom("note_reads").select(["note_id", "count"]).where("note_id", "in", [...noteIds]).execute();
  return new Map(rows.map((r) => [r.note_id, Number(r.count)]));
}

// Crawlers, link previews (fediverse servers fetch a page to build its card),
// feed readers and scripts: none of them is a person reading.
const NOT_A_READER =
  /bot|crawl|spider|slurp|archiver|preview|fetch|scan|monitor|headless|lighthouse|facebookexternalhit|embedly|mastodon|pleroma|akkoma|misskey|friendica|lemmy|gotosocial|pixelfed|peertube|bluesky|whatsapp|telegram|discord|skype|curl|wget|python|httpie|go-http|java\/|okhttp|axios|node-fetch|undici|^node$|libwww|ruby|php|feed|rss/i;

/**
 * Whether a page view counts as a reading: a browser's ordinary navigation
 * (its User-Agent names a browser engine and no known robot), not a prefetch.
 * Heuristic by design: robots that pass for browsers are counted.
 */
export function isCountableView(view: { userAgent: string | null | undefined; purpose?: string | null }): boolean {
  const agent = view.userAgent?.trim() ?? "";
  if (!/^Mozilla\/\d/.test(agent) || NOT_A_READER.test(agent)) return false;
  return !/prefetch|prerender|preview/i.test(view.purpose ?? "");
}
