// The audit log of moderation: every action a moderator or administrator
// takes (and every remote moderation applied here) is recorded once, so that
// "who did what, when, and why" can be answered later.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";

export interface ModerationEntry {
  readonly moderatorId: string | null;
  /** A verb such as `report-resolved`, `account-suspended`, `instance-blocked`, `label-added`, `thread-locked`. */
  readonly action: string;
  /** `note`, `actor`, `community`, `instance`, `report`… */
  readonly targetType: string;
  readonly targetUri: string;
  readonly communityId?: string | null;
  readonly reason?: string | null;
  readonly details?: Record<string, unknown>;
}

export interface ModerationLogRow {
  readonly id: string;
  readonly moderatorId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetUri: string;
  readonly communityId: string | null;
  readonly reason: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
}

export async function recordModerationAction(db: Kysely<Database>, entry: ModerationEntry): Promise<string> {
  const id = newId();
  await db
    .insertInto("moderation_log")
    .values({
      id,
      moderator_id: entry.moderatorId,
      action: entry.action,
      target_type: entry.targetType,
      target_uri: entry.targetUri,
      community_id: entry.communityId ?? null,
      reason: entry.reason ?? null,
      details: JSON.stringify(entry.details ?? {}),
      created_at: isoNow(),
    })
    .execute();
  return id;
}

export interface ModerationLogFilter {
  readonly communityId?: string;
  readonly targetUri?: string;
  /** Keyset cursor: entries strictly older than this id. */
  readonly before?: string;
  readonly limit?: number;
}

/** Newest first. */
export async function moderationLog(db: Kysely<Database>, filter: ModerationLogFilter = {}): Promise<ModerationLogRow[]> {
  let query = db.selectFrom("moderation_log").selectAll().orderBy("id", "desc").limit(Math.min(filter.limit ?? 50, 200));
  if (filter.communityId != null) query = query.where("community_id", "=", filter.communityId);
  if (filter.targetUri != null) query = query.where("target_uri", "=", filter.targetUri);
  if (filter.before != null) query = query.where("id", "<", filter.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    moderatorId: r.moderator_id,
    action: r.action,
    targetType: r.target_type,
    targetUri: r.target_uri,
    communityId: r.community_id,
    reason: r.reason,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
  }));
}
