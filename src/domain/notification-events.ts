// Where each kind of notification comes from. Every function here takes the
// transaction that makes the change (a follow, a reaction, a note, a report…)
// and is called from the one place that change is recorded, for local acts
// and for activities received from other servers alike:
//
//   follow, follow-request, join-request  recordFollow (follows.ts)
//   like, share                           recordReaction (reactions.ts)
//   reply, mention                        createNote (note-writing.ts), upsertRemoteNote (remote-notes.ts)
//   coauthor-invitation                   recordInvitations (coauthors.ts)
//   cross-post                            createNote, shareIntoCommunity, the inbox's community routing
//   report                                insertReport (reports.ts)
//
// Recipients are always people of this instance (notify() skips the rest).
import type { Kysely, Selectable } from "kysely";
import type { ReportsTable } from "../db/report-schema.ts";
import type { Database, FollowsTable } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { canSeeNote, type NoteRow } from "./notes.ts";
import { notify, notifyAll } from "./notifications.ts";

type Db = Kysely<Database>;

async function localAuthorIds(db: Db, noteId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .select("actors.id")
    .where("note_authors.note_id", "=", noteId)
    .where("actors.is_local", "=", 1)
    .execute();
  return rows.map((r) => r.id);
}

/** The moderators of a community of this instance (none for another server's). */
export async function localModeratorIds(db: Db, communityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("community_moderators")
    .innerJoin("actors as community", "community.id", "community_moderators.community_id")
    .select("community_moderators.actor_id")
    .where("community_moderators.community_id", "=", communityId)
    .where("community.is_local", "=", 1)
    .execute();
  return rows.map((r) => r.actor_id);
}

async function adminIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("users").select("actor_id").where("is_admin", "=", 1).where("suspended_at", "is", null).execute();
  return rows.map((r) => r.actor_id);
}

/**
 * A new follow of someone here: "follow" when it took effect, "follow-request"
 * when a locked account must answer it. A request to join a community that
 * approves its members goes to its moderators ("join-request"); an open
 * community's new members are not announced (there would be too many).
 */
export async function notifyFollowRecorded(db: Db, follow: Selectable<FollowsTable>, follower: ActorRow, following: ActorRow): Promise<void> {
  if (following.is_local !== 1) return;
  if (following.type === "Person") {
    await notify(db, { recipientId: following.id, kind: follow.status === "accepted" ? "follow" : "follow-request", subjectUri: follower.uri, actorId: follower.id });
  } else if (following.type === "Group" && follow.status === "pending") {
    await notifyAll(db, await localModeratorIds(db, following.id), { kind: "join-request", subjectUri: following.uri, actorId: follower.id });
  }
}

/** A new like or share of a note: its authors here hear of it. */
export async function notifyReaction(db: Db, kind: "like" | "share", actorId: string, noteId: string): Promise<void> {
  const note = await db.selectFrom("notes").select("uri").where("id", "=", noteId).executeTakeFirst();
  if (!note) return;
  await notifyAll(db, await localAuthorIds(db, noteId), { kind, subjectUri: note.uri, actorId });
}

/**
 * A new note (written here or received): the authors here of the note it
 * answers hear of a reply, the people here it names of a mention (someone
 * both answered and named hears of the reply only). Nobody is told of a note
 * they may not read.
 */
export async function notifyNoteArrived(db: Db, note: NoteRow, authorId: string | null, mentionedIds: readonly string[]): Promise<void> {
  const told = new Set<string>();
  if (note.in_reply_to_uri) {
    const parent = await db.selectFrom("notes").select("id").where("uri", "=", note.in_reply_to_uri).executeTakeFirst();
    for (const recipientId of parent ? await localAuthorIds(db, parent.id) : []) {
      told.add(recipientId);
      if (await canSeeNote(db, note, recipientId)) await notify(db, { recipientId, kind: "reply", subjectUri: note.uri, actorId: authorId });
    }
  }
  for (const recipientId of new Set(mentionedIds)) {
    if (told.has(recipientId)) continue;
    if (await canSeeNote(db, note, recipientId)) await notify(db, { recipientId, kind: "mention", subjectUri: note.uri, actorId: authorId });
  }
}

/** New invitations to co-sign a note: a person hears of theirs, a community's moderators of the community's. */
export async function notifyCoauthorInvitations(db: Db, noteId: string, invitees: readonly ActorRow[], invitedBy: ActorRow): Promise<void> {
  const note = await db.selectFrom("notes").select("uri").where("id", "=", noteId).executeTakeFirst();
  if (!note) return;
  for (const invitee of invitees) {
    const recipients = invitee.type === "Group" ? await localModeratorIds(db, invitee.id) : [invitee.id];
    await notifyAll(db, recipients, { kind: "coauthor-invitation", subjectUri: note.uri, actorId: invitedBy.id, contextUri: invitee.type === "Group" ? invitee.uri : null });
  }
}

/**
 * A thread that also lives elsewhere landed in a community here: posted into
 * several communities at once, or brought in by a moderator's share. Its
 * moderators hear of it (members read it in the community like any thread).
 */
export async function notifyCrossPost(db: Db, community: Pick<ActorRow, "id" | "uri">, note: Pick<NoteRow, "id" | "uri">, actorId: string | null): Promise<void> {
  await notifyAll(db, await localModeratorIds(db, community.id), { kind: "cross-post", subjectUri: note.uri, actorId, contextUri: community.uri });
}

/** notifyCrossPost, when the note is carried by another community besides this one (or is known to be posted into several: `alsoElsewhere`). */
export async function notifyIfCrossPosted(db: Db, community: Pick<ActorRow, "id" | "uri">, note: Pick<NoteRow, "id" | "uri">, actorId: string | null, alsoElsewhere = false): Promise<void> {
  if (alsoElsewhere) return notifyCrossPost(db, community, note, actorId);
  const elsewhere = await db
    .selectFrom("community_posts")
    .select("community_id")
    .where("note_id", "=", note.id)
    .where("community_id", "<>", community.id)
    .executeTakeFirst();
  if (elsewhere) await notifyCrossPost(db, community, note, actorId);
}

/**
 * A new report: the moderators of the community it concerns and the
 * instance's administrators (those who may handle it). The reporter is not
 * named (the report page shows them to those who handle it), so that a
 * moderator who muted them still hears of the report.
 */
export async function notifyReport(db: Db, report: Selectable<ReportsTable>): Promise<void> {
  const community = report.community_id ? await db.selectFrom("actors").select(["id", "uri", "is_local"]).where("id", "=", report.community_id).executeTakeFirst() : undefined;
  const moderators = community?.is_local === 1 ? await localModeratorIds(db, community.id) : [];
  const recipients = [...moderators, ...(await adminIds(db))].filter((id) => id !== report.reporter_id);
  await notifyAll(db, recipients, { kind: "report", subjectUri: report.target_uri, contextUri: community?.uri ?? null });
}
