// Followers whose server said, for good, that they are not there any more.
// A delivery answered 410 Gone or, repeatedly, 404 Not Found is a follower
// that will never read what we send: keeping them costs a POST (and an RSA
// signature) per post, forever. Dropping the follow is what Mastodon's
// "unavailable" bookkeeping ends in; the person can follow again at any time.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * Removes the follows of local actors by the remote actors reached at
 * `inbox`: those whose personal inbox it is, and, when `includeShared`, those
 * who receive through it as their server's shared inbox. Returns how many
 * follows went.
 */
export async function dropFollowersAtInbox(db: Kysely<Database>, inbox: string, options: { includeShared: boolean }): Promise<number> {
  const result = await db
    .deleteFrom("follows")
    .where("follower_id", "in", (eb) =>
      eb
        .selectFrom("actors")
        .select("id")
        .where("is_local", "=", 0)
        .where((w) => (options.includeShared ? w.or([w("inbox_url", "=", inbox), w("shared_inbox_url", "=", inbox)]) : w("inbox_url", "=", inbox))),
    )
    .where("following_id", "in", (eb) => eb.selectFrom("actors").select("id").where("is_local", "=", 1))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
