// Create, Update and Delete of local notes, to the remote followers of every
// local author and to remote co-authors (edits and deletions also to the
// followers of the communities carrying the note), one delivery per shared inbox.
import type { Context } from "@fedify/fedify";
import { Article, Create, Delete, Tombstone, Update, type Note, type Recipient } from "@fedify/vocab";
import { UpdateWithLabels } from "../vocab/quality-label.ts";
import { findCommunity, groupsCarrying } from "../../src/domain/communities.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findNoteById, loadNoteDetails, type NoteDetails } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { isDraft } from "../../src/domain/visibility.ts";
import { addressing, deliveryRecipients, homeThreadGroups, parentAuthorsOf, remoteFollowers } from "../notes/audience.ts";
import { toArticle } from "../notes/to-article.ts";
import { announceInCommunity, announceNoteInCommunity } from "../communities/announce.ts";
import { about } from "./ordering.ts";
import { sendToPrivateMembers } from "../communities/private-members.ts";

async function localNote(ctx: Context<Services>, noteId: string) {
  const note = await findNoteById(ctx.data.db, noteId);
  // A draft never leaves the instance, whatever asked (a co-author accepting, say): its Create goes out when published.
  if (!note || note.is_local !== 1 || isDraft(note.visibility)) return null;
  const details = await loadNoteDetails(ctx.data.db, note);
  const sender = details.authors.find((a) => a.is_local === 1);
  return sender ? { details, sender } : null;
}

/** The Create of a local note, as sent to followers and as announced by its communities. */
export async function createActivityOf(ctx: Context<Services>, details: NoteDetails, sender: ActorRow, fragment = "create"): Promise<{ create: Create; object: Article | Note }> {
  const parentAuthors = await parentAuthorsOf(ctx, details.note.in_reply_to_uri);
  const object = toArticle(ctx, details, parentAuthors);
  const create = new Create({
    id: new URL(`${details.note.uri}#${fragment}`),
    actor: new URL(sender.uri),
    object,
    tos: object.toIds,
    ccs: object.ccIds,
    published: object.published,
  });
  return { create, object };
}

export async function sendNotePublished(ctx: Context<Services>, noteId: string): Promise<void> {
  const found = await localNote(ctx, noteId);
  if (!found || found.details.note.deleted_at != null) return;
  const { details, sender } = found;
  const { create } = await createActivityOf(ctx, details, sender);
  const recipients = await deliveryRecipients(ctx, details, await parentAuthorsOf(ctx, details.note.in_reply_to_uri), await homeThreadGroups(ctx, details.note.in_reply_to_uri));
  if (recipients.length > 0) await ctx.sendActivity({ identifier: sender.id }, recipients, create, about(details.note.uri, { preferSharedInbox: true }));
}

/** A local note posted into a local community: the Group announces the author's Create (and, for a thread, the note). */
export async function sendCommunityPost(ctx: Context<Services>, communityId: string, noteId: string): Promise<void> {
  const found = await localNote(ctx, noteId);
  if (!found || found.details.note.deleted_at != null) return;
  const { details, sender } = found;
  const { create, object } = await createActivityOf(ctx, details, sender);
  await announceInCommunity(ctx, communityId, create, { boostObject: details.note.in_reply_to_uri == null ? object : null });
  if (details.note.visibility === "community") {
    const community = await findCommunity(ctx.data.db, communityId);
    if (community?.settings.visibility === "private") await sendToPrivateMembers(ctx, community.actor, sender, create, object);
  }
}

/** `labels`: only the note's quality labels changed (the Update gets its own id; `updated` stays). */
export async function sendNoteUpdated(ctx: Context<Services>, noteId: string, labels = false): Promise<void> {
  const found = await localNote(ctx, noteId);
  if (!found || found.details.note.deleted_at != null) return;
  const { details, sender } = found;
  const parentAuthors = await parentAuthorsOf(ctx, details.note.in_reply_to_uri);
  const article = toArticle(ctx, details, parentAuthors);
  const update = new UpdateWithLabels({
    id: new URL(labels ? `${details.note.uri}#labels-${Date.now()}` : `${details.note.uri}#update-${Date.parse(details.note.updated_at)}`),
    actor: new URL(sender.uri),
    object: article,
    tos: article.toIds,
    ccs: article.ccIds,
    updated: article.updated,
  });
  await sendToNoteAudience(ctx, details, sender, parentAuthors, update);
}

/**
 * A local person or community accepted to co-sign a note: everyone it reaches
 * learns the new attributedTo (Update, now to the co-author's followers too),
 * and the co-author's followers also get a Create in the co-author's name,
 * because Mastodon keeps an Update only of a status it already has.
 */
export async function sendCoauthorJoined(ctx: Context<Services>, noteId: string, actorId: string): Promise<void> {
  await sendNoteUpdated(ctx, noteId);
  const found = await localNote(ctx, noteId);
  if (!found || found.details.note.deleted_at != null || found.details.note.visibility === "community") return;
  const coauthor = found.details.authors.find((a) => a.id === actorId && a.is_local === 1);
  if (!coauthor) return;
  const { create } = await createActivityOf(ctx, found.details, coauthor, `create-${coauthor.id}`);
  const recipients = await deliveryRecipients(ctx, { note: found.details.note, authors: [coauthor], communities: [] });
  if (recipients.length > 0) await ctx.sendActivity({ identifier: coauthor.id }, recipients, create, about(found.details.note.uri, { preferSharedInbox: true }));
}

export async function sendNoteDeleted(ctx: Context<Services>, noteId: string): Promise<void> {
  const found = await localNote(ctx, noteId);
  if (!found || found.details.note.deleted_at == null) return;
  const { details, sender } = found;
  const parentAuthors = await parentAuthorsOf(ctx, details.note.in_reply_to_uri);
  const { to, cc } = addressing(ctx, details, parentAuthors);
  const del = new Delete({
    id: new URL(`${details.note.uri}#delete`),
    actor: new URL(sender.uri),
    object: new Tombstone({
      id: new URL(details.note.uri),
      formerType: Article,
      deleted: Temporal.Instant.from(details.note.deleted_at!),
    }),
    tos: to,
    ccs: cc,
  });
  await sendToNoteAudience(ctx, details, sender, parentAuthors, del);
}

/**
 * An edit or deletion reaches everyone who may hold the note: the author's own
 * activity goes to the usual recipients and to the followers of every local
 * community carrying it, because Mastodon and Hollo apply an Update or Delete
 * only from the author and ignore Announce(Update) / Announce(Delete); each
 * community then announces it too, for Lemmy-family software (FEP-1b12).
 * One POST per shared inbox.
 */
async function sendToNoteAudience(ctx: Context<Services>, details: NoteDetails, sender: ActorRow, parentAuthors: readonly ActorRow[], activity: Update | Delete): Promise<void> {
  const communities = details.note.visibility === "followers" ? [] : await groupsCarrying(ctx.data.db, details.note.id, "here");
  const recipients = new Map<string, Recipient>();
  for (const recipient of [
    ...(await deliveryRecipients(ctx, details, parentAuthors, await homeThreadGroups(ctx, details.note.in_reply_to_uri))),
    ...(await remoteFollowers(ctx, communities.map((c) => c.id))),
  ]) {
    if (recipient.id) recipients.set(recipient.id.href, recipient);
  }
  if (recipients.size > 0) await ctx.sendActivity({ identifier: sender.id }, [...recipients.values()], activity, about(details.note.uri, { preferSharedInbox: true }));
  for (const community of communities) await announceInCommunity(ctx, community.id, activity);
}

/** A note shared into a local community by a moderator: the Group announces the note itself. */
export async function sendCommunityShare(ctx: Context<Services>, communityId: string, noteId: string): Promise<void> {
  const note = await findNoteById(ctx.data.db, noteId);
  if (note && note.deleted_at == null) await announceNoteInCommunity(ctx, communityId, note.uri);
}
