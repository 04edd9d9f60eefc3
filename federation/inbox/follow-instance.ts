import type { InboxContext } from "@fedify/fedify";
import type { Follow } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { refreshInstance } from "../../src/domain/network.ts";
import type { Services } from "../../src/services.ts";
import { sendAcceptFollow, sendRejectFollow } from "../outbox/follows.ts";
import { policyHostCheck } from "../policy.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "follow"]);

/**
 * Another instance connects to ours as a sister: its instance actor follows
 * our instance actor (`following`). Trusts: the signature (Fedify checked
 * that the signer owns `actor`) and the federation policy. Accepted at once
 * when the sender is an instance actor (`Application`) on a host the policy
 * allows, refused (Reject) otherwise; follows of the instance actor by
 * people are ignored, as before (people follow people and communities).
 */
export async function onInstanceFollowReceived(ctx: InboxContext<Services>, follow: Follow, following: ActorRow): Promise<void> {
  if (follow.id == null) return;
  const follower = await senderOf(ctx, follow);
  if (!follower) {
    logger.info("Dropped Follow {id} of the instance actor: its actor could not be fetched", { id: follow.id.href });
    return;
  }
  if (follower.type !== "Application") {
    logger.info("Ignored Follow {id} of the instance actor by {actor}: only instance actors connect as sisters", { id: follow.id.href, actor: follower.uri });
    return;
  }
  const { db, config } = ctx.data;
  // The inbox already refuses signers on refused hosts; the policy may have changed since this was queued.
  if (!(await policyHostCheck(db, config.publicUrl)(follower.domain))) {
    logger.info("Refused the sister connection of {host}: not allowed by the federation policy", { host: follower.domain });
    await sendRejectFollow(ctx, follower.id, following.id, follow.id.href);
    return;
  }
  const { follow: row, created, renewed } = await recordFollow(db, config.publicUrl, follower, following, { activityUri: follow.id.href, accepted: true });
  // A Follow already answered (a redelivery) is not answered again.
  if (created || renewed) await sendAcceptFollow(ctx, row.id);
  if (created) {
    logger.info("Instance {host} connected to ours as a sister", { host: follower.domain });
    // Learn its name, region and sector for the network page; a failure here must not refuse the follow.
    await refreshInstance(ctx.data, follower.domain).catch((error: unknown) => logger.info("No NodeInfo from {host}: {error}", { host: follower.domain, error }));
  }
}
