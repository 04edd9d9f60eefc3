// Light participation: likes and shares of notes, by people here and
// elsewhere alike. One row per (kind, actor, note), keyed for redelivery by
// the id of the activity that made it (ours: `<actor>#likes/<id>`,
// `<actor>#shares/<id>`; others': their Like's or Announce's id).
import { isBlockedByAnAuthor } from "./member-blocks.ts";
import type { Kysely, Selectable } from "kysely";
import type { ReactionKind, ReactionsTable } from "../db/community-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { notifyReaction } from "./notification-events.ts";
import { canSeeNote, findNoteById, type NoteRow } from "./notes.ts";
import { readCounts } from "./reads.ts";
import { isPubliclyReadable } from "./visibility.ts";

export type ReactionRow = Selectable<ReactionsTable>;
export type { ReactionKind };

/** What a note's page and the API show of its light participation. */
export interface Participation {
  likes: number;
  shares: number;
  reads: number;
  /** Whether the viewer (a local person) liked or shared it; false when anonymous. */
  likedByMe: boolean;
  sharedByMe: boolean;
}

export const NO_PARTICIPATION: Participation = { likes: 0, shares: 0, reads: 0, likedByMe: false, sharedByMe: false };

/** A local person's Like or Announce id: a fragment of their actor URI, unique by the reaction's id. */
export function reactionActivityUri(actor: Pick<ActorRow, "uri">, kind: ReactionKind, reactionId: string): string {
  return `${actor.uri}#${kind === "like" ? "likes" : "shares"}/${reactionId}`;
}

export interface NewReaction {
  kind: ReactionKind;
  actorId: string;
  noteId: string;
  activityUri: string;
  /** Given for local reactions, whose activity id is built from it. */
  id?: string;
}

export async function findReaction(db: Kysely<Database>, kind: ReactionKind, actorId: string, noteId: string): Promise<ReactionRow | undefined> {
  return db
    .selectFrom("reactions")
    .selectAll()
    .where("kind", "=", kind)
    .where("actor_id", "=", actorId)
    .where("note_id", "=", noteId)
    .executeTakeFirst();
}

export async function findReactionByActivity(db: Kysely<Database>, activityUri: string): Promise<ReactionRow | undefined> {
  return db.selectFrom("reactions").selectAll().where("activity_uri", "=", activityUri).executeTakeFirst();
}

/**
 * Records a like or share, idempotently: the same actor's second like of a
 * note, or a redelivered activity, returns the existing row. Null when the
 * activity id is already taken by another reaction (a reused or forged id).
 * A new one notifies the note's authors here, in the caller's transaction.
 */
export async function recordReaction(db: Kysely<Database>, input: NewReaction): Promise<{ reaction: ReactionRow; created: boolean } | null> {
  const existing = await findReaction(db, input.kind, input.actorId, input.noteId);
  if (existing) return { reaction: existing, created: false };
  const reaction = await db
    .insertInto("reactions")
    .values({
      id: input.id ?? newId(),
      kind: input.kind,
      actor_id: input.actorId,
      note_id: input.noteId,
      activity_uri: input.activityUri,
      created_at: isoNow(),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (reaction) {
    await notifyReaction(db, reaction.kind, reaction.actor_id, reaction.note_id);
    return { reaction, created: true };
  }
  // A concurrent delivery of the same activity won the insert, or the id belongs to someone else.
  const raced = await findReaction(db, input.kind, input.actorId, input.noteId);
  return raced ? { reaction: raced, created: false } : null;
}

export async function removeReaction(db: Kysely<Database>, kind: ReactionKind, actorId: string, noteId: string): Promise<ReactionRow | undefined> {
  return db
    .deleteFrom("reactions")
    .where("kind", "=", kind)
    .where("actor_id", "=", actorId)
    .where("note_id", "=", noteId)
    .returningAll()
    .executeTakeFirst();
}

/** Removes the reaction an activity made, only if `actorId` made it. */
export async function removeReactionByActivity(db: Kysely<Database>, activityUri: string, actorId: string): Promise<ReactionRow | undefined> {
  return db.deleteFrom("reactions").where("activity_uri", "=", activityUri).where("actor_id", "=", actorId).returningAll().executeTakeFirst();
}

export async function countReactions(db: Kysely<Database>, noteId: string, kind: ReactionKind): Promise<number> {
  const row = await db
    .selectFrom("reactions")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("note_id", "=", noteId)
    .where("kind", "=", kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A note's likes or shares with who made them, oldest first (the `likes` and `shares` collections). */
export async function listReactions(
  db: Kysely<Database>,
  noteId: string,
  kind: ReactionKind,
): Promise<{ activityUri: string; actorUri: string; createdAt: string }[]> {
  const rows = await db
    .selectFrom("reactions")
    .innerJoin("actors", "actors.id", "reactions.actor_id")
    .select(["reactions.activity_uri", "actors.uri", "reactions.created_at"])
    .where("reactions.note_id", "=", noteId)
    .where("reactions.kind", "=", kind)
    .orderBy("reactions.created_at")
    .orderBy("reactions.id")
    .execute();
  return rows.map((r) => ({ activityUri: r.activity_uri, actorUri: r.uri, createdAt: r.created_at }));
}

/** Counts for several notes at once (lists), and what the viewer did; three queries whatever the number. */
export async function participationOf(db: Kysely<Database>, noteIds: readonly string[], viewerActorId: string | null): Promise<Map<string, Participation>> {
  const result = new Map<string, Participation>();
  if (noteIds.length === 0) return result;
  const ids = [...new Set(noteIds)];
  for (const id of ids) result.set(id, { ...NO_PARTICIPATION });
  const [counts, reads, mine] = await Promise.all([
    db
      .selectFrom("reactions")
      .select(["note_id", "kind", (eb) => eb.fn.countAll().as("n")])
      .where("note_id", "in", ids)
      .groupBy(["note_id", "kind"])
      .execute(),
    readCounts(db, ids),
    viewerActorId == null
      ? Promise.resolve([])
      : db.selectFrom("reactions").select(["note_id", "kind"]).where("actor_id", "=", viewerActorId).where("note_id", "in", ids).execute(),
  ]);
  for (const row of counts) {
    const entry = result.get(row.note_id)!;
    if (row.kind === "like") entry.likes = Number(row.n);
    else entry.shares = Number(row.n);
  }
  for (const [id, count] of reads) result.get(id)!.reads = count;
  for (const row of mine) {
    const entry = result.get(row.note_id)!;
    if (row.kind === "like") entry.likedByMe = true;
    else entry.sharedByMe = true;
  }
  return result;
}

// ---------------------------------------------------------------------------
// What a local person does: like, share, and take either back. Each change
// commits with its intent for the outbox.

async function visibleNote(services: Services, actor: ActorRow, noteId: string): Promise<NoteRow> {
  const note = await findNoteById(services.db, noteId);
  if (note?.deleted_at != null) throw new DomainError("gone", "This note was deleted");
  if (!note || !(await canSeeNote(services.db, note, actor.id))) throw new DomainError("not_found", "No such note");
  return note;
}

/** Whether another server hears of a like: when the note has an author elsewhere. */
async function hasRemoteAuthor(db: Kysely<Database>, noteId: string): Promise<boolean> {
  const remote = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .select("actors.id")
    .where("note_authors.note_id", "=", noteId)
    .where("actors.is_local", "=", 0)
    .executeTakeFirst();
  return remote != null;
}

function localPerson(actor: ActorRow): void {
  if (actor.is_local !== 1 || actor.type === "Application") throw new DomainError("forbidden", "Only people of this instance like or share here");
}

async function react(db: Kysely<Database>, actor: ActorRow, note: NoteRow, kind: ReactionKind): Promise<{ reaction: ReactionRow; created: boolean }> {
  const id = newId();
  const result = await recordReaction(db, { id, kind, actorId: actor.id, noteId: note.id, activityUri: reactionActivityUri(actor, kind, id) });
  if (!result) throw new Error(`reaction id ${id} collided`);
  return result;
}

/** Likes a note the person may see (here or elsewhere); a second like changes nothing. */
export async function likeNote(services: Services, actor: ActorRow, noteId: string): Promise<{ reaction: ReactionRow; created: boolean }> {
  localPerson(actor);
  const note = await visibleNote(services, actor, noteId);
  if (await isBlockedByAnAuthor(services.db, note.id, actor)) throw new DomainError("forbidden", "The author of this note blocks you");
  const remoteAuthor = await hasRemoteAuthor(services.db, note.id);
  return services.db.transaction().execute(async (tx) => {
    const result = await react(tx, actor, note, "like");
    if (result.created && remoteAuthor) {
      await services.outbox.send({ type: "like", actorId: actor.id, noteId: note.id, activityUri: result.reaction.activity_uri }, tx);
    }
    return result;
  });
}

/** Takes a like back; false when there was none. Allowed even if the note is no longer visible to the person. */
export async function unlikeNote(services: Services, actor: ActorRow, noteId: string): Promise<boolean> {
  localPerson(actor);
  if (!(await findNoteById(services.db, noteId))) throw new DomainError("not_found", "No such note");
  const remoteAuthor = await hasRemoteAuthor(services.db, noteId);
  return services.db.transaction().execute(async (tx) => {
    const removed = await removeReaction(tx, "like", actor.id, noteId);
    if (removed && remoteAuthor) await services.outbox.send({ type: "unlike", actorId: actor.id, noteId, activityUri: removed.activity_uri }, tx);
    return removed != null;
  });
}

/**
 * Shares a public or unlisted note with the person's followers (restricted
 * notes cannot be passed on). Always handed to the outbox: the sharer's
 * followers elsewhere and the note's remote authors hear of it.
 */
export async function shareNote(services: Services, actor: ActorRow, noteId: string): Promise<{ reaction: ReactionRow; created: boolean }> {
  localPerson(actor);
  const note = await visibleNote(services, actor, noteId);
  if (!isPubliclyReadable(note.visibility)) throw new DomainError("forbidden", "Only public and unlisted notes can be shared");
  return services.db.transaction().execute(async (tx) => {
    const result = await react(tx, actor, note, "share");
    if (result.created) await services.outbox.send({ type: "share", actorId: actor.id, noteId: note.id, activityUri: result.reaction.activity_uri }, tx);
    return result;
  });
}

export async function unshareNote(services: Services, actor: ActorRow, noteId: string): Promise<boolean> {
  localPerson(actor);
  if (!(await findNoteById(services.db, noteId))) throw new DomainError("not_found", "No such note");
  return services.db.transaction().execute(async (tx) => {
    const removed = await removeReaction(tx, "share", actor.id, noteId);
    if (removed) await services.outbox.send({ type: "unshare", actorId: actor.id, noteId, activityUri: removed.activity_uri }, tx);
    return removed != null;
  });
}
