import type { InboxContext } from "@fedify/fedify";
import type { Create } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { refusedByNoteAuthor } from "../../src/domain/member-blocks.ts";
import type { Services } from "../../src/services.ts";
import { isNoteLike } from "../notes/persist-note.ts";
import { receiveNote } from "../notes/receive.ts";
import { forwardReplyToThreadGroups } from "../communities/forward-reply.ts";
import { routeToLocalCommunities } from "../communities/route-post.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "create"]);

/** Create of an Article, Page or Note: stored as a remote note when someone here wants it, and filed into our communities. */
export async function onCreateReceived(ctx: InboxContext<Services>, create: Create): Promise<void> {
  const object = await create.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  if (!isNoteLike(object)) return;
  const signer = await senderOf(ctx, create);
  if (!signer) return;
  // A member who blocks the sender gets no replies from them.
  if (object.replyTargetId != null && (await refusedByNoteAuthor(ctx.data.db, object.replyTargetId.href, signer))) {
    logger.info("Dropped reply {id}: an author of {parent} blocks {actor}", { id: object.id?.href ?? null, parent: object.replyTargetId.href, actor: signer.uri });
    return;
  }
  const result = await receiveNote(ctx, create, object, signer);
  if (result?.status !== "created") return;
  await routeToLocalCommunities(ctx, create, object, result.note, signer);
  await forwardReplyToThreadGroups(ctx, result.note, [...create.toIds, ...create.ccIds, ...object.toIds, ...object.ccIds]);
}
