// Like, Announce and their Undos, for a local person's reactions. Ids are
// the ones the domain recorded (`<actor>#likes/<id>`, `<actor>#shares/<id>`);
// an Undo's id is the activity's id with `/undo` appended.
import type { Context } from "@fedify/fedify";
import { Announce, Like, PUBLIC_COLLECTION, Undo, type Recipient } from "@fedify/vocab";
import { findActorById, type ActorRow } from "../../src/domain/actors.ts";
import { findNoteById, noteAuthors, type NoteRow } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { about } from "./ordering.ts";

interface Reaction {
  actor: ActorRow;
  note: NoteRow;
  remoteAuthors: ActorRow[];
}

async function load(ctx: Context<Services>, actorId: string, noteId: string): Promise<Reaction | null> {
  const [actor, note] = await Promise.all([findActorById(ctx.data.db, actorId), findNoteById(ctx.data.db, noteId)]);
  if (!actor || actor.is_local !== 1 || actor.deleted_at != null || !note) return null;
  const remoteAuthors = (await noteAuthors(ctx.data.db, note.id)).filter((a) => a.is_local === 0 && a.deleted_at == null);
  return { actor, note, remoteAuthors };
}

/**
 * Who hears of a like: the note's remote authors. Extension point: the
 * remote communities that carry the note belong here too (FEP-1b12: the
 * Group receives the Like and announces it to its members).
 */
function likeRecipients(reaction: Reaction): Recipient[] {
  return reaction.remoteAuthors.map(toRecipient);
}

/** Who hears of a share: the sharer's remote followers and the note's remote authors (same extension point). */
async function shareRecipients(ctx: Context<Services>, reaction: Reaction): Promise<Recipient[]> {
  const followers = await ctx.data.db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .selectAll("actors")
    .where("follows.following_id", "=", reaction.actor.id)
    .where("follows.status", "=", "accepted")
    .where("actors.is_local", "=", 0)
    .where("actors.deleted_at", "is", null)
    .execute();
  const recipients = new Map<string, Recipient>();
  for (const actor of [...followers, ...reaction.remoteAuthors]) recipients.set(actor.uri, toRecipient(actor));
  return [...recipients.values()];
}

function likeOf(reaction: Reaction, activityUri: string): Like {
  return new Like({ id: new URL(activityUri), actor: new URL(reaction.actor.uri), object: new URL(reaction.note.uri) });
}

/** A public note's share is public, an unlisted one's stays out of public timelines (as Mastodon does). */
function announceOf(ctx: Context<Services>, reaction: Reaction, activityUri: string): Announce {
  const followers = ctx.getFollowersUri(reaction.actor.id);
  const authors = reaction.remoteAuthors.map((a) => new URL(a.uri));
  const listed = reaction.note.visibility === "public";
  return new Announce({
    id: new URL(activityUri),
    actor: new URL(reaction.actor.uri),
    object: new URL(reaction.note.uri),
    tos: listed ? [PUBLIC_COLLECTION] : [followers],
    ccs: listed ? [followers, ...authors] : [PUBLIC_COLLECTION, ...authors],
  });
}

async function deliver(ctx: Context<Services>, reaction: Reaction, recipients: Recipient[], activity: Like | Announce | Undo): Promise<void> {
  if (recipients.length > 0) await ctx.sendActivity({ identifier: reaction.actor.id }, recipients, activity, about(reaction.note.uri, { preferSharedInbox: true }));
}

function undo(reaction: Reaction, activity: Like | Announce): Undo {
  return new Undo({
    id: new URL(`${activity.id!.href}/undo`),
    actor: new URL(reaction.actor.uri),
    object: activity,
    tos: activity.toIds,
    ccs: activity.ccIds,
  });
}

export async function sendLike(ctx: Context<Services>, actorId: string, noteId: string, activityUri: string): Promise<void> {
  const reaction = await load(ctx, actorId, noteId);
  if (reaction) await deliver(ctx, reaction, likeRecipients(reaction), likeOf(reaction, activityUri));
}

export async function sendUndoLike(ctx: Context<Services>, actorId: string, noteId: string, activityUri: string): Promise<void> {
  const reaction = await load(ctx, actorId, noteId);
  if (reaction) await deliver(ctx, reaction, likeRecipients(reaction), undo(reaction, likeOf(reaction, activityUri)));
}

export async function sendShare(ctx: Context<Services>, actorId: string, noteId: string, activityUri: string): Promise<void> {
  const reaction = await load(ctx, actorId, noteId);
  if (!reaction || reaction.note.deleted_at != null) return;
  await deliver(ctx, reaction, await shareRecipients(ctx, reaction), announceOf(ctx, reaction, activityUri));
}

export async function sendUndoShare(ctx: Context<Services>, actorId: string, noteId: string, activityUri: string): Promise<void> {
  const reaction = await load(ctx, actorId, noteId);
  if (reaction) await deliver(ctx, reaction, await shareRecipients(ctx, reaction), undo(reaction, announceOf(ctx, reaction, activityUri)));
}
