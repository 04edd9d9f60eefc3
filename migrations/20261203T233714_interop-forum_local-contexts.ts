// Local thread roots name their own context collection (`<note>/context`), and
// their replies that same collection, where replies used to name the root
// note itself: one conversation, one FEP-7888 context, as NodeBB resolves it.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update notes set context_uri = uri || '/context' where is_local = 1 and in_reply_to_uri is null and context_uri is null`.execute(db);
  await sql`update notes set context_uri = context_uri || '/context'
    where is_local = 1 and in_reply_to_uri is not null
      and context_uri in (select r.uri from notes r where r.is_local = 1 and r.in_reply_to_uri is null)`.execute(db);
}

export async function down(): Promise<void> {
  // The old values said less than the new ones: nothing to restore.
}
