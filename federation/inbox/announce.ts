import type { InboxContext } from "@fedify/fedify";
import type { Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Services } from "../../src/services.ts";
import { groupSender, onCommunityAnnounceReceived } from "../communities/receive-announce.ts";
import { onShareReceived } from "./announce-share.ts";

const logger = getLogger(["encommun", "inbox", "announce"]);

/**
 * Announce: a person sharing one of our notes (a share), or a community of
 * another instance re-broadcasting what was posted into it. Trusts the
 * signature for who announces; never the announced content (refetched).
 */
export async function onAnnounceReceived(ctx: InboxContext<Services>, announce: Announce): Promise<void> {
  const sender = await groupSender(ctx, announce);
  if (sender?.type === "Group") {
    await onCommunityAnnounceReceived(ctx, announce, sender);
    return;
  }
  if (await onShareReceived(ctx, announce)) return;
  logger.info("Ignored Announce {id} from {actor}", { id: announce.id?.href ?? null, actor: announce.actorId?.href ?? null });
}
