import type { InboxContext } from "@fedify/fedify";
import { getTypeId, type Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Services } from "../../src/services.ts";
import { onLockReceived } from "./lock.ts";
import { onResolveReportReceived } from "./resolve-report.ts";

const logger = getLogger(["encommun", "inbox"]);

/**
 * Any activity no other handler takes. Types Fedify does not know arrive here too: Lemmy's Lock and
 * Resolve(Flag) are ones we understand; anything else is acknowledged (202), logged, dropped.
 */
export async function onUnsupportedActivityReceived(ctx: InboxContext<Services>, activity: Activity): Promise<void> {
  if (await onLockReceived(ctx, activity)) return;
  if (await onResolveReportReceived(ctx, activity)) return;
  logger.info("Ignored unsupported activity {type} {id} from {actor}", {
    type: getTypeId(activity).href,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
  });
}
