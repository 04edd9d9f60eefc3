// Lemmy's "resolve report": `{type: "Resolve", actor: <moderator>, object: <the Flag>}`
// (crates/apub/activities/src/community/resolve_report.rs). Fedify has no
// `Resolve` type, so it arrives as a plain Activity and the catch-all hands
// it here. The matching open reports close when the resolver may speak for
// them (src/domain/report-resolution.ts decides).
import type { InboxContext } from "@fedify/fedify";
import { Flag, type Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { resolveReportsRemotely } from "../../src/domain/report-resolution.ts";
import type { Services } from "../../src/services.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "resolve"]);

/** True when the activity was a `Resolve` (handled or dropped here), false to let others look at it. */
export async function onResolveReportReceived(ctx: InboxContext<Services>, activity: Activity): Promise<boolean> {
  const json = (await activity.toJsonLd().catch(() => null)) as { type?: unknown } | null;
  if (json?.type !== "Resolve") return false;
  const flag = await activity.getObject({ documentLoader: ctx.documentLoader }).catch(() => null);
  const resolver = flag instanceof Flag ? await senderOf(ctx, activity) : null;
  if (!(flag instanceof Flag) || !resolver) {
    logger.info("Ignored Resolve {id}: not a resolved Flag, or its actor could not be read", { id: activity.id?.href ?? null });
    return true;
  }
  let closed = 0;
  for (const target of flag.objectIds.slice(0, 50)) {
    closed += await resolveReportsRemotely(ctx.data.db, resolver, { flagUri: flag.id?.href ?? null, reporterUri: flag.actorId?.href ?? null, targetUri: target.href });
  }
  logger.info("Resolve {id} by {actor} closed {count} report(s)", { id: activity.id?.href ?? null, actor: resolver.uri, count: closed });
  return true;
}
