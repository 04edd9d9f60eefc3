// What the domain asks the outside world to do about a change. An intent is
// recorded on the persistent queue in the change's own transaction, so the
// two commit together; a worker then turns it into ActivityPub activities
// (federation/outbox). Routes never build activities themselves.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export type OutboundIntent =
  /** A local actor asked to follow a remote one (the follow row is pending). */
  | { readonly type: "follow"; readonly followId: string }
  /** A local actor stopped following a remote one (the row is already gone). */
  | { readonly type: "unfollow"; readonly followerId: string; readonly followingId: string; readonly activityUri: string }
  /** A local actor accepted a remote follower. */
  | { readonly type: "accept-follow"; readonly followId: string }
  /** A local actor refused a remote follower (the row is already gone). */
  | { readonly type: "reject-follow"; readonly followerId: string; readonly followingId: string; readonly activityUri: string }
  /** A local actor's public profile changed. */
  | { readonly type: "profile-updated"; readonly actorId: string }
  /** A local actor was deleted; `inboxes` are its remote followers' and followees' inboxes, read before deletion. */
  | { readonly type: "actor-deleted"; readonly actorId: string; readonly recipientIds: readonly string[] }
  /** A local note was published (Create to the authors' followers). */
  | { readonly type: "note-published"; readonly noteId: string }
  /** A local note was edited (Update with a newer `updated`). */
  | { readonly type: "note-updated"; readonly noteId: string }
  /** A local note's quality labels changed (an Update of the note carrying them; docs/LABELS.md). */
  | { readonly type: "note-labels-changed"; readonly noteId: string }
  /** A local person or community accepted to co-sign a local note (Update with the new attributedTo, to their followers too). */
  | { readonly type: "coauthor-joined"; readonly noteId: string; readonly actorId: string }
  /** A local note was deleted (Delete, then the URL answers 410). */
  | { readonly type: "note-deleted"; readonly noteId: string }
  /** A note entered a local notebook (Add to the notebook's collection). */
  | { readonly type: "notebook-item-added"; readonly notebookId: string; readonly noteUri: string }
  /** A note left a local notebook (Remove). */
  | { readonly type: "notebook-item-removed"; readonly notebookId: string; readonly noteUri: string }
  /** A moderator shared a note (from anywhere) into a local community: the Group announces the note itself. */
  | { readonly type: "community-share"; readonly communityId: string; readonly noteId: string }
  /** A local note was posted into a local community (the Group announces it). */
  | { readonly type: "community-post"; readonly communityId: string; readonly noteId: string }
  /** A local notebook's title, description, sections or order changed (Update). */
  | { readonly type: "notebook-updated"; readonly notebookId: string }
  // --- Light participation (reactions.ts): `activityUri` is the Like's or Announce's id, read before any deletion.
  /** A local person liked a note that has a remote author (Like). */
  | { readonly type: "like"; readonly actorId: string; readonly noteId: string; readonly activityUri: string }
  /** A local person took a like back (Undo(Like)); the row is already gone. */
  | { readonly type: "unlike"; readonly actorId: string; readonly noteId: string; readonly activityUri: string }
  /** A local person shared a public or unlisted note (Announce to their followers and the note's authors). */
  | { readonly type: "share"; readonly actorId: string; readonly noteId: string; readonly activityUri: string }
  /** A local person took a share back (Undo(Announce)); the row is already gone. */
  | { readonly type: "unshare"; readonly actorId: string; readonly noteId: string; readonly activityUri: string }
  // --- Community moderation (community-moderation.ts), local communities only. `moderatorId` is the
  // moderator who acted, local or remote; each intent describes a change made in the same transaction.
  /** A post or reply was removed from a community (the Group announces a Delete of the object, as Lemmy does). */
  | { readonly type: "community-post-removed"; readonly communityId: string; readonly noteId: string; readonly moderatorId: string }
  /** A removed post or reply was put back (the moderator's Undo(Delete), announced by the Group, as Lemmy does). */
  | { readonly type: "community-post-restored"; readonly communityId: string; readonly noteId: string; readonly moderatorId: string }
  /** A thread was locked or unlocked (no new replies while locked). */
  | { readonly type: "community-thread-locked"; readonly communityId: string; readonly noteId: string; readonly locked: boolean; readonly moderatorId: string; readonly reason?: string | null }
  /** A thread was pinned or unpinned (Add/Remove to the Group's featured collection). */
  | { readonly type: "community-post-pinned"; readonly communityId: string; readonly noteId: string; readonly pinned: boolean; readonly moderatorId: string }
  /** An actor was banned (its follow of the Group is already gone) or unbanned (Block / Undo(Block) by the Group). */
  | { readonly type: "community-member-banned"; readonly communityId: string; readonly actorId: string; readonly banned: boolean; readonly moderatorId: string; readonly reason: string | null }
  /** A moderator was added or removed (Add/Remove to the Group's moderators collection). */
  | { readonly type: "community-moderators-changed"; readonly communityId: string; readonly actorId: string; readonly added: boolean; readonly moderatorId: string }
  /** A community's name, summary, icon, rules, languages, topics or posting restriction changed (Update(Group)). */
  | { readonly type: "community-updated"; readonly communityId: string }
  // --- Reports (reports.ts).
  /** A local person reported remote content and asked for it to be forwarded (Flag from the instance actor to its home). */
  | { readonly type: "report-forwarded"; readonly reportId: string }
  // --- Member blocks (blocks.ts).
  /** A member blocked (or stopped blocking) a remote person: Block / Undo(Block) to that person. */
  | { readonly type: "member-blocked"; readonly ownerId: string; readonly targetId: string; readonly activityUri: string; readonly blocked: boolean };

/** The port through which the domain hands intents to the federation layer. */
export interface Outbox {
  /**
   * Records the intent durably. Given the transaction that makes the change,
   * the intent commits or rolls back with it; without one (a change already
   * committed), a crash just before this call loses the intent.
   */
  send(intent: OutboundIntent, tx?: Kysely<Database>): Promise<void>;
}
