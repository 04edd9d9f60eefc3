// Reports and warnings (migration 20261204T041500_reports_reports).
import type { Generated } from "kysely";

export type ReportTargetType = "note" | "actor";
export type ReportStatus = "open" | "resolved";

export interface ReportsTable {
  id: string;
  /** The local person who reported, or the remote actor whose `Flag` this is (often an instance actor). */
  reporter_id: string;
  /** The incoming Flag's id; null for reports made here. */
  remote_activity_uri: string | null;
  target_type: ReportTargetType;
  /** `notes.id` or `actors.id`. */
  target_id: string;
  target_uri: string;
  /** The account the report is about: the actor itself, or the note's first author. */
  target_account_id: string | null;
  /** The community (Group actor, here or elsewhere) where the reported note was posted. */
  community_id: string | null;
  category: string;
  comment: Generated<string>;
  /** JSON: what the target looked like when it was reported. */
  snapshot: Generated<string>;
  /** When a `Flag` was sent to the content's home server. */
  forwarded_at: string | null;
  status: Generated<ReportStatus>;
  /** dismiss | remove | warn | suspend | resolved-remotely */
  resolution: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface AccountWarningsTable {
  id: string;
  account_id: string;
  report_id: string | null;
  moderator_id: string | null;
  text: string;
  created_at: string;
}

export interface ReportTables {
  reports: ReportsTable;
  account_warnings: AccountWarningsTable;
}
