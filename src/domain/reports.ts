// Reports: a member (or, through a `Flag`, another server) tells moderators
// that a note, a reply, a person, an organization or a community breaks the
// rules. A report goes to the moderators of the community where the note was
// posted and to the instance's administrators; it keeps a snapshot of the
// target. Resolution is in report-resolution.ts.
import type { Kysely, Selectable } from "kysely";
import type { ReportsTable } from "../db/report-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { notifyReport } from "./notification-events.ts";
import { recordEvent, secondsUntilAllowed, type RateWindow } from "./rate-limits.ts";
import { communityOfNote, findReportTarget, snapshotOf, targetAccountOf, type ReportTarget } from "./report-targets.ts";

type Db = Kysely<Database>;
export type ReportRow = Selectable<ReportsTable>;

export const REPORT_CATEGORIES = ["spam", "harassment", "misinformation", "illegal", "other"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export const MAX_REPORT_COMMENT = 2000;

const MINUTE = 60_000;
/** One person: 10 reports in 10 minutes (enough for a bad thread, not for a campaign). */
export const REPORTS_PER_ACCOUNT: RateWindow = { max: 10, windowMs: 10 * MINUTE };
/** One remote server, whoever signs: 30 reported targets in 10 minutes. */
export const REPORTS_PER_HOST: RateWindow = { max: 30, windowMs: 10 * MINUTE };

/** Too many reports from one account or server: the client should wait `retryAfterSeconds`. */
export class ReportsThrottled extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many reports: try again in ${retryAfterSeconds} seconds`);
    this.name = "ReportsThrottled";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const accountKey = (actorId: string) => `report:account:${actorId}`;
const hostKey = (host: string) => `report:host:${host.toLowerCase()}`;

export interface NewReport {
  target: ReportTarget;
  category: ReportCategory;
  comment: string;
  forward: boolean;
}

/** Reads a report from untrusted input, reporting every problem at once (the target is checked afterwards). */
export function parseReportInput(raw: Record<string, unknown>): { target: unknown; category: ReportCategory; comment: string; forward: boolean } {
  const problems: string[] = [];
  const category = raw.category;
  if (typeof category !== "string" || !(REPORT_CATEGORIES as readonly string[]).includes(category)) problems.push(`category must be one of ${REPORT_CATEGORIES.join(", ")}`);
  const comment = raw.comment ?? "";
  if (typeof comment !== "string" || comment.length > MAX_REPORT_COMMENT) problems.push(`comment must be a text of at most ${MAX_REPORT_COMMENT} characters`);
  if (raw.forward != null && typeof raw.forward !== "boolean") problems.push("forward must be a boolean");
  if (raw.target == null) problems.push('target is required');
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  return { target: raw.target, category: category as ReportCategory, comment: (comment as string).trim(), forward: raw.forward === true };
}

function isRemote(target: ReportTarget): boolean {
  return (target.type === "note" ? target.note.is_local : target.actor.is_local) !== 1;
}

async function insertReport(db: Db, reporterId: string, target: ReportTarget, fields: { category: string; comment: string; remoteActivityUri: string | null; forwarded: boolean }): Promise<ReportRow> {
  const [snapshot, account, community] = await Promise.all([
    snapshotOf(db, target),
    targetAccountOf(db, target),
    target.type === "note" ? communityOfNote(db, target.note.id) : Promise.resolve(null),
  ]);
  const now = isoNow();
  const report = await db
    .insertInto("reports")
    .values({
      id: newId(),
      reporter_id: reporterId,
      remote_activity_uri: fields.remoteActivityUri,
      target_type: target.type,
      target_id: target.type === "note" ? target.note.id : target.actor.id,
      target_uri: target.type === "note" ? target.note.uri : target.actor.uri,
      target_account_id: account?.id ?? null,
      community_id: community?.id ?? null,
      category: fields.category,
      comment: fields.comment,
      snapshot: JSON.stringify(snapshot),
      forwarded_at: fields.forwarded ? now : null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await notifyReport(db, report);
  return report;
}

/**
 * A local person reports something they can see. With `forward` and remote
 * content, the instance actor also sends a `Flag` to the content's home (a
 * forward asked for local content is pointless and ignored).
 */
export async function createReport(services: Services, reporter: ActorRow, raw: Record<string, unknown>): Promise<ReportRow> {
  const input = parseReportInput(raw);
  const { db } = services;
  const wait = await secondsUntilAllowed(db, [accountKey(reporter.id)], REPORTS_PER_ACCOUNT);
  if (wait > 0) throw new ReportsThrottled(wait);
  const target = await findReportTarget(services, reporter.id, input.target);
  const forward = input.forward && isRemote(target);
  const report = await db.transaction().execute(async (tx) => {
    const report = await insertReport(tx, reporter.id, target, { category: input.category, comment: input.comment, remoteActivityUri: null, forwarded: forward });
    if (forward) await services.outbox.send({ type: "report-forwarded", reportId: report.id }, tx);
    return report;
  });
  await recordEvent(db, [accountKey(reporter.id)], REPORTS_PER_ACCOUNT);
  return report;
}

/** What an incoming Flag said, once its targets are known to be ours. */
export interface IncomingFlag {
  readonly activityUri: string;
  readonly reporter: ActorRow;
  readonly targets: readonly ReportTarget[];
  readonly comment: string;
}

/**
 * Files a remote server's Flag: one report per target (all local: the inbox
 * checks). Redelivery creates nothing new. Throttled per sending host; the
 * caller logs and drops what is refused. Returns the reports created.
 */
export async function fileIncomingFlag(db: Db, flag: IncomingFlag): Promise<ReportRow[]> {
  const host = new URL(flag.reporter.uri).host;
  const wait = await secondsUntilAllowed(db, [hostKey(host)], REPORTS_PER_HOST);
  if (wait > 0) throw new ReportsThrottled(wait);
  // The reports and their notifications commit together.
  const created = await db.transaction().execute(async (tx) => {
    const created: ReportRow[] = [];
    for (const target of flag.targets) {
      const uri = target.type === "note" ? target.note.uri : target.actor.uri;
      const existing = await tx.selectFrom("reports").select("id").where("remote_activity_uri", "=", flag.activityUri).where("target_uri", "=", uri).executeTakeFirst();
      if (existing) continue;
      created.push(await insertReport(tx, flag.reporter.id, target, { category: "other", comment: flag.comment.slice(0, MAX_REPORT_COMMENT), remoteActivityUri: flag.activityUri, forwarded: false }));
    }
    return created;
  });
  if (created.length > 0) await recordEvent(db, created.map(() => hostKey(host)), REPORTS_PER_HOST);
  return created;
}

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The local communities a person moderates (their reports are theirs to handle). */
export async function moderatedCommunityIds(db: Db, actorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("community_moderators")
    .innerJoin("actors", "actors.id", "community_moderators.community_id")
    .select("community_moderators.community_id")
    .where("community_moderators.actor_id", "=", actorId)
    .where("actors.is_local", "=", 1)
    .execute();
  return rows.map((r) => r.community_id);
}

/** Who may see and resolve a report: the instance's administrators, and the moderators of its (local) community. */
export async function mayHandleReport(db: Db, viewer: { actor: ActorRow; isAdmin: boolean }, report: ReportRow): Promise<boolean> {
  if (viewer.isAdmin) return true;
  if (report.community_id == null) return false;
  return (await moderatedCommunityIds(db, viewer.actor.id)).includes(report.community_id);
}

export interface ReportListFilter {
  readonly status?: "open" | "resolved";
  /** Keyset cursor: reports strictly older than this id. */
  readonly before?: string;
  readonly limit?: number;
  /** Only the reports of this community (the viewer must still be allowed to read them). */
  readonly communityId?: string;
}

/**
 * Newest first: all reports for administrators, those of the communities
 * they moderate for moderators; anyone else is refused (403).
 */
export async function listReports(db: Db, viewer: { actor: ActorRow; isAdmin: boolean }, filter: ReportListFilter = {}): Promise<ReportRow[]> {
  let query = db.selectFrom("reports").selectAll().orderBy("id", "desc").limit(Math.min(Math.max(filter.limit ?? 20, 1), 100));
  if (!viewer.isAdmin) {
    const communities = await moderatedCommunityIds(db, viewer.actor.id);
    if (communities.length === 0) throw new DomainError("forbidden", "Only moderators and administrators read reports");
    query = query.where("community_id", "in", communities);
  }
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.communityId) query = query.where("community_id", "=", filter.communityId);
  if (filter.before) query = query.where("id", "<", filter.before);
  return query.execute();
}
