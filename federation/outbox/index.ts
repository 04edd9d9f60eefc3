// The domain's outbox: intents are recorded on the persistent queue (in the
// change's transaction); a worker later turns each into activities, which
// Fedify's sendActivity enqueues again, one delivery per inbox, with retries.
import type { Federation } from "@fedify/fedify";
import type { Outbox } from "../../src/domain/intents.ts";
import type { Services } from "../../src/services.ts";
import { sendActorDelete, sendProfileUpdate } from "./actors.ts";
import { sendAcceptFollow, sendFollow, sendRejectFollow, sendUndoFollow } from "./follows.ts";
import { sendNotebookItemChange, sendNotebookUpdated } from "./notebooks.ts";
import { sendBanChange, sendCommunityUpdated, sendModeratorChange, sendPinChange, sendPostRemoved, sendPostRestored, sendThreadLock } from "./community-moderation.ts";
import { sendCoauthorJoined, sendCommunityPost, sendCommunityShare, sendNoteDeleted, sendNotePublished, sendNoteUpdated } from "./notes.ts";
import { sendReportFlag } from "./reports.ts";
import { sendMemberBlock } from "./member-blocks.ts";
import { sendLike, sendShare, sendUndoLike, sendUndoShare } from "./reactions.ts";
import type { IntentHandler, IntentQueue } from "./intent-queue.ts";

export function createOutbox(queue: IntentQueue): Outbox {
  return { send: (intent, tx) => queue.enqueueIntent(intent, tx) };
}

/** What a worker does with a queued intent: the activities it stands for, onto the queue. */
export function intentTranslator(federation: Federation<Services>, services: () => Services): IntentHandler {
  return async (intent) => {
    const ctx = federation.createContext(services().config.publicUrl, services());
    switch (intent.type) {
      case "follow":
        return sendFollow(ctx, intent.followId);
      case "unfollow":
        return sendUndoFollow(ctx, intent.followerId, intent.followingId, intent.activityUri);
      case "accept-follow":
        return sendAcceptFollow(ctx, intent.followId);
      case "reject-follow":
        return sendRejectFollow(ctx, intent.followerId, intent.followingId, intent.activityUri);
      case "profile-updated":
        return sendProfileUpdate(ctx, intent.actorId);
      case "actor-deleted":
        return sendActorDelete(ctx, intent.actorId, intent.recipientIds);
      case "note-published":
        return sendNotePublished(ctx, intent.noteId);
      case "note-updated":
        return sendNoteUpdated(ctx, intent.noteId);
      case "note-labels-changed":
        return sendNoteUpdated(ctx, intent.noteId, true);
      case "coauthor-joined":
        return sendCoauthorJoined(ctx, intent.noteId, intent.actorId);
      case "note-deleted":
        return sendNoteDeleted(ctx, intent.noteId);
      case "community-post-removed":
        return sendPostRemoved(ctx, intent.communityId, intent.noteId, intent.moderatorId);
      case "community-post-restored":
        return sendPostRestored(ctx, intent.communityId, intent.noteId, intent.moderatorId);
      case "community-thread-locked":
        return sendThreadLock(ctx, intent.communityId, intent.noteId, intent.locked, intent.moderatorId, intent.reason ?? null);
      case "community-post-pinned":
        return sendPinChange(ctx, intent.communityId, intent.noteId, intent.pinned, intent.moderatorId);
      case "community-member-banned":
        return sendBanChange(ctx, intent.communityId, intent.actorId, intent.banned, intent.moderatorId, intent.reason);
      case "community-moderators-changed":
        return sendModeratorChange(ctx, intent.communityId, intent.actorId, intent.added, intent.moderatorId);
      case "community-updated":
        return sendCommunityUpdated(ctx, intent.communityId);
      case "community-share":
        return sendCommunityShare(ctx, intent.communityId, intent.noteId);
      case "community-post":
        return sendCommunityPost(ctx, intent.communityId, intent.noteId);
      case "notebook-item-added":
        return sendNotebookItemChange(ctx, intent.notebookId, intent.noteUri, "add");
      case "notebook-item-removed":
        return sendNotebookItemChange(ctx, intent.notebookId, intent.noteUri, "remove");
      case "notebook-updated":
        return sendNotebookUpdated(ctx, intent.notebookId);
      // Light participation.
      case "like":
        return sendLike(ctx, intent.actorId, intent.noteId, intent.activityUri);
      case "unlike":
        return sendUndoLike(ctx, intent.actorId, intent.noteId, intent.activityUri);
      case "share":
        return sendShare(ctx, intent.actorId, intent.noteId, intent.activityUri);
      case "unshare":
        return sendUndoShare(ctx, intent.actorId, intent.noteId, intent.activityUri);
      case "report-forwarded":
        return sendReportFlag(ctx, intent.reportId);
      case "member-blocked":
        return sendMemberBlock(ctx, intent.ownerId, intent.targetId, intent.activityUri, intent.blocked);
    }
  };
}

