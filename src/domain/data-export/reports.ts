// The reports a member made, for their archive (issue 15: "reports they made").
// Only what the member themselves said and what became of it: the target's
// address, category, comment, whether it was forwarded, status and dates.
// Never the snapshot of the target (someone else's writing), the moderator's
// identity or private note, nor Flags other servers sent about anyone.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export interface ExportedReport {
  readonly id: string;
  readonly target: { readonly type: string; readonly uri: string };
  readonly category: string;
  readonly comment: string;
  readonly forwardedAt: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

export async function reportsMadeBy(db: Kysely<Database>, actorId: string): Promise<ExportedReport[]> {
  const rows = await db
    .selectFrom("reports")
    .select(["id", "target_type", "target_uri", "category", "comment", "forwarded_at", "status", "created_at", "resolved_at"])
    .where("reporter_id", "=", actorId)
    // Reports made here: a remote actor's Flag has an activity id (and is not a member's).
    .where("remote_activity_uri", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    target: { type: r.target_type, uri: r.target_uri },
    category: r.category,
    comment: r.comment,
    forwardedAt: r.forwarded_at,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  }));
}
