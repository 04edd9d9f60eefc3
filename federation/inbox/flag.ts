// Incoming reports. Three shapes are understood:
// - Mastodon: `object` = [the account, its statuses…], the comment in `content`,
//   sent by the instance actor;
// - Lemmy: `object` = one post or comment, the reason in `summary`, `to` the community;
// - Mbin: `object` = [post, account], `summary` and `content` both the reason, `audience` the community.
// Only targets of ours become reports: our notes and actors, and remote posts
// filed in one of our communities (a Lemmy report goes to the community's
// server). Anything else creates nothing.
import type { InboxContext } from "@fedify/fedify";
import type { Flag } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri } from "../../src/domain/actors.ts";
import { currentPolicy, isHostAllowed } from "../../src/domain/federation-policy.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { communityOfNote, type ReportTarget } from "../../src/domain/report-targets.ts";
import { fileIncomingFlag, ReportsThrottled } from "../../src/domain/reports.ts";
import type { Services } from "../../src/services.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "flag"]);

/** The report target a flagged URI names here, or null when it is not ours to judge. */
async function localTarget(ctx: InboxContext<Services>, uri: URL): Promise<ReportTarget | null> {
  const { db } = ctx.data;
  const note = await findNoteByUri(db, uri.href);
  if (note && note.deleted_at == null) {
    if (note.is_local === 1) return { type: "note", note };
    const community = await communityOfNote(db, note.id);
    return community?.is_local === 1 ? { type: "note", note } : null;
  }
  const actor = await findActorByUri(db, uri.href);
  return actor && actor.is_local === 1 && actor.deleted_at == null && actor.type !== "Application" ? { type: "actor", actor } : null;
}

/**
 * Trusts the signature for who reports (any actor may report), nothing in
 * the Flag for what is reported: each target is looked up here. A Flag that
 * names notes files one report per note (their author is implied); one that
 * names only accounts files one per account.
 */
export async function onFlagReceived(ctx: InboxContext<Services>, flag: Flag): Promise<void> {
  const { db } = ctx.data;
  if (flag.id == null || flag.actorId == null) return;
  // The edge refuses blocked servers' requests; this also catches what was queued before a block.
  if (!isHostAllowed(await currentPolicy(db), flag.actorId.host)) {
    logger.info("Dropped Flag {id} from {host}: not allowed by the federation policy", { id: flag.id.href, host: flag.actorId.host });
    return;
  }
  const found = (await Promise.all(flag.objectIds.slice(0, 50).map((uri) => localTarget(ctx, uri)))).filter((t): t is ReportTarget => t != null);
  const notes = found.filter((t) => t.type === "note");
  const targets = notes.length > 0 ? notes : found;
  if (targets.length === 0) {
    logger.info("Ignored Flag {id} from {actor}: it names nothing of this instance", { id: flag.id.href, actor: flag.actorId.href });
    return;
  }
  const reporter = await senderOf(ctx, flag);
  if (!reporter) {
    logger.info("Ignored Flag {id}: its actor {actor} could not be read", { id: flag.id.href, actor: flag.actorId.href });
    return;
  }
  const comment = (flag.content ?? flag.summary ?? "").toString();
  try {
    const reports = await fileIncomingFlag(db, { activityUri: flag.id.href, reporter, targets, comment });
    logger.info("Filed {count} report(s) from Flag {id} by {actor}", { count: reports.length, id: flag.id.href, actor: reporter.uri });
  } catch (error) {
    if (!(error instanceof ReportsThrottled)) throw error;
    logger.warning("Dropped Flag {id} from {host}: too many reports from this server ({message})", { id: flag.id.href, host: flag.actorId.host, message: error.message });
  }
}
