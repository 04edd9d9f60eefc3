// Resolving a report: dismiss it, remove the content, warn the person, or
// suspend their (local) account; always with an optional note, and always in
// the moderation log. Only the administrators and, for a report about a post
// in their community, its moderators may resolve (403 otherwise); suspension
// is for administrators alone.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { findActorById, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { findCommunity, isModerator } from "./communities.ts";
import { removePost } from "./community-moderation.ts";
import { DomainError } from "./errors.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { findNoteById } from "./notes.ts";
import { markRemoteNoteDeleted } from "./remote-notes.ts";
import { findReport, mayHandleReport, type ReportRow } from "./reports.ts";
import { suspendAccount } from "./suspensions.ts";
import { addWarning } from "./warnings.ts";

type Db = Kysely<Database>;

export const RESOLUTION_ACTIONS = ["dismiss", "remove", "warn", "suspend"] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];
export const MAX_RESOLUTION_NOTE = 2000;

export interface Resolver {
  readonly actor: ActorRow;
  readonly isAdmin: boolean;
}

function parseResolution(raw: Record<string, unknown>): { action: ResolutionAction; note: string | null } {
  const problems: string[] = [];
  if (typeof raw.action !== "string" || !(RESOLUTION_ACTIONS as readonly string[]).includes(raw.action)) problems.push(`action must be one of ${RESOLUTION_ACTIONS.join(", ")}`);
  if (raw.note != null && (typeof raw.note !== "string" || raw.note.length > MAX_RESOLUTION_NOTE)) problems.push(`note must be a text of at most ${MAX_RESOLUTION_NOTE} characters`);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  return { action: raw.action as ResolutionAction, note: typeof raw.note === "string" && raw.note.trim() ? raw.note.trim() : null };
}

/** The local person an account-level action (warn, suspend) would reach, or a clear refusal. */
async function localPersonOf(db: Db, report: ReportRow, action: "warn" | "suspend"): Promise<ActorRow> {
  const account = report.target_account_id ? await findActorById(db, report.target_account_id) : undefined;
  if (!account || account.deleted_at != null) throw new DomainError("not_found", "The reported account no longer exists");
  if (account.is_local !== 1) {
    throw new DomainError(
      "invalid",
      action === "suspend"
        ? "A remote account is not suspended here: block it or its instance (admin blocks), or remove the content"
        : "A warning reaches only people of this instance: remove the content or block the account",
    );
  }
  const user = await db.selectFrom("users").select("actor_id").where("actor_id", "=", account.id).executeTakeFirst();
  if (!user) throw new DomainError("invalid", `Only people's accounts can be ${action === "suspend" ? "suspended" : "warned"}`);
  return account;
}

/**
 * Removes a reported note: from the local community it was posted in (the
 * community's removal, which federates); a local note elsewhere is deleted
 * (Delete federates); a remote note elsewhere is hidden here (nothing sent:
 * its home decides for its own copy, which a forwarded report asks).
 */
async function removeNote(services: Services, resolver: Resolver, report: ReportRow): Promise<string> {
  if (report.target_type !== "note") throw new DomainError("invalid", "remove applies to notes and replies; for an account, suspend it (local) or block it");
  const { db } = services;
  const note = await findNoteById(db, report.target_id);
  if (!note || note.deleted_at != null) return "already-gone";
  const community = report.community_id ? await findCommunity(db, report.community_id) : undefined;
  if (community && community.actor.is_local === 1) {
    const post = await db.selectFrom("community_posts").select("removed_at").where("community_id", "=", community.actor.id).where("note_id", "=", note.id).executeTakeFirst();
    if (post?.removed_at != null) return "already-removed";
    if (post) {
      if (await isModerator(db, community.actor.id, resolver.actor.id)) {
        await removePost(services, resolver.actor, community, note.id);
      } else {
        // An administrator who does not moderate the community: the same removal, in the Group's name.
        await db.transaction().execute(async (tx) => {
          await tx.updateTable("community_posts").set({ removed_at: isoNow() }).where("community_id", "=", community.actor.id).where("note_id", "=", note.id).execute();
          await services.outbox.send({ type: "community-post-removed", communityId: community.actor.id, noteId: note.id, moderatorId: community.actor.id }, tx);
        });
      }
      return "removed-from-community";
    }
  }
  if (!resolver.isAdmin) throw new DomainError("forbidden", "Only administrators remove content outside a community they moderate");
  if (note.is_local === 1) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable("notes").set({ deleted_at: isoNow() }).where("id", "=", note.id).execute();
      await services.outbox.send({ type: "note-deleted", noteId: note.id }, tx);
    });
    return "deleted";
  }
  await markRemoteNoteDeleted(db, note.uri);
  return "hidden-here";
}

export async function resolveReport(services: Services, resolver: Resolver, reportId: string, raw: Record<string, unknown>): Promise<ReportRow> {
  const { db } = services;
  const report = await findReport(db, reportId);
  if (!report) throw new DomainError("not_found", "No such report");
  if (!(await mayHandleReport(db, resolver, report))) throw new DomainError("forbidden", "Only the community's moderators or the administrators resolve this report");
  const { action, note } = parseResolution(raw);
  if (report.status !== "open") throw new DomainError("conflict", "This report is already resolved");
  const details: Record<string, unknown> = { reportId: report.id, resolution: action, category: report.category };
  switch (action) {
    case "dismiss":
      break;
    case "remove":
      details.removal = await removeNote(services, resolver, report);
      break;
    case "warn": {
      const account = await localPersonOf(db, report, "warn");
      details.warningId = await addWarning(db, { accountId: account.id, moderatorId: resolver.actor.id, reportId: report.id, text: note ?? report.category });
      break;
    }
    case "suspend": {
      if (!resolver.isAdmin) throw new DomainError("forbidden", "Only administrators suspend accounts; community moderators ban from their community");
      const account = await localPersonOf(db, report, "suspend");
      await suspendAccount(db, resolver.actor, account, note);
      details.suspended = account.uri;
      break;
    }
  }
  return db.transaction().execute(async (tx) => {
    const resolved = await tx
      .updateTable("reports")
      .set({ status: "resolved", resolution: action, resolution_note: note, resolved_by: resolver.actor.id, resolved_at: isoNow() })
      .where("id", "=", report.id)
      .where("status", "=", "open")
      .returningAll()
      .executeTakeFirst();
    if (!resolved) throw new DomainError("conflict", "This report is already resolved");
    await recordModerationAction(tx, {
      moderatorId: resolver.actor.id,
      action: "report-resolved",
      targetType: report.target_type,
      targetUri: report.target_uri,
      communityId: report.community_id,
      reason: note,
      details,
    });
    return resolved;
  });
}

/**
 * A remote moderator resolved a report (Lemmy's `Resolve` of a `Flag`): the
 * matching open reports here are closed, when the resolver may speak for them:
 * a moderator of the report's community, or an actor of the server the
 * reported content lives on (it answers a report we forwarded to it).
 */
export async function resolveReportsRemotely(
  db: Db,
  resolver: ActorRow,
  match: { flagUri: string | null; reporterUri: string | null; targetUri: string },
): Promise<number> {
  let query = db.selectFrom("reports").innerJoin("actors", "actors.id", "reports.reporter_id").selectAll("reports").where("reports.status", "=", "open").where("reports.target_uri", "=", match.targetUri);
  const byFlag = match.flagUri ?? "";
  const byReporter = match.reporterUri ?? "";
  query = query.where((eb) => eb.or([eb("reports.remote_activity_uri", "=", byFlag), eb("actors.uri", "=", byReporter)]));
  let count = 0;
  for (const report of await query.execute()) {
    const speaksForCommunity = report.community_id != null && (await isModerator(db, report.community_id, resolver.id));
    const homeOfContent = new URL(report.target_uri).origin === new URL(resolver.uri).origin;
    if (!speaksForCommunity && !homeOfContent) continue;
    await db
      .updateTable("reports")
      .set({ status: "resolved", resolution: "resolved-remotely", resolved_by: resolver.id, resolved_at: isoNow() })
      .where("id", "=", report.id)
      .where("status", "=", "open")
      .execute();
    await recordModerationAction(db, { moderatorId: resolver.id, action: "report-resolved", targetType: report.target_type, targetUri: report.target_uri, communityId: report.community_id, details: { reportId: report.id, resolution: "resolved-remotely" } });
    count++;
  }
  return count;
}
