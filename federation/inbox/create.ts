import type { InboxContext } from "@fedify/fedify";
import type { Create } from "@fedify/vocab";
import type { Services } from "../../src/services.ts";
import { isNoteLike } from "../notes/persist-note.ts";
import { receiveNote } from "../notes/receive.ts";
import { forwardReplyToThreadGroups } from "../communities/forward-reply.ts";
import { routeToLocalCommunities } from "../communities/route-post.ts";
import { senderOf } from "./sender.ts";

/** Create of an Article, Page or Note: stored as a remote note when someone here wants it, and filed into our communities. */
export async function onCreateReceived(ctx: InboxContext<Services>, create: Create): Promise<void> {
  const object = await create.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  if (!isNoteLike(object)) return;
  const signer = await senderOf(ctx, create);
  if (!signer) return;
  const result = await receiveNote(ctx, create, object, signer);
  if (result?.status !== "created") return;
  await routeToLocalCommunities(ctx, create, object, result.note, signer);
  await forwardReplyToThreadGroups(ctx, result.note, [...create.toIds, ...create.ccIds, ...object.toIds, ...object.ccIds]);
}
