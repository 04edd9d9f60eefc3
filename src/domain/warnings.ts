// Warnings: a message from the moderators to a local person, sent while
// resolving a report about them. Stored and shown to that person only
// (GET /api/v1/me/warnings); nothing federates.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";

export interface Warning {
  readonly id: string;
  readonly text: string;
  readonly reportId: string | null;
  readonly createdAt: string;
}

export async function addWarning(db: Kysely<Database>, input: { accountId: string; moderatorId: string; reportId: string | null; text: string }): Promise<string> {
  const id = newId();
  await db
    .insertInto("account_warnings")
    .values({ id, account_id: input.accountId, report_id: input.reportId, moderator_id: input.moderatorId, text: input.text, created_at: isoNow() })
    .execute();
  return id;
}

/** Newest first; the moderator who wrote it is not named (moderation speaks as a team). */
export async function warningsOf(db: Kysely<Database>, accountId: string, options: { before?: string; limit?: number } = {}): Promise<Warning[]> {
  let query = db.selectFrom("account_warnings").selectAll().where("account_id", "=", accountId).orderBy("id", "desc").limit(Math.min(options.limit ?? 20, 100));
  if (options.before) query = query.where("id", "<", options.before);
  return (await query.execute()).map((w) => ({ id: w.id, text: w.text, reportId: w.report_id, createdAt: w.created_at }));
}
