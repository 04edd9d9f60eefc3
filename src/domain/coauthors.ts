// Co-authorship by consent. Naming someone as an author must never let the
// writer speak in their name: a local person or community becomes an author
// (signs, is listed on their page, reaches their followers) only once they,
// or one of the community's moderators, accept an invitation (in the order the writer gave). The writer may
// always name themselves and what they may act for (an organization they
// belong to, a community they moderate); remote people are credited, and
// never sign anything here.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { isModerator } from "./communities.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { notifyCoauthorInvitations } from "./notification-events.ts";
import type { NoteRow } from "./notes.ts";
import { canActFor } from "./organizations.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** An actor named as an author, at its place in the writer's order (kept when an invitee accepts). */
export interface NamedAuthor {
  readonly actor: ActorRow;
  readonly position: number;
}

export interface NamedAuthors {
  /** Authors now; the first lives here and signs. */
  readonly authors: NamedAuthor[];
  /** Local people and communities who must accept first. */
  readonly invited: NamedAuthor[];
}

/** Whether `actor` may answer for `invitee`: a person for themselves, a moderator for a community. */
async function speaksFor(db: Db, actor: ActorRow, invitee: ActorRow): Promise<boolean> {
  if (invitee.id === actor.id) return true;
  if (invitee.is_local !== 1) return false;
  if (invitee.type === "Organization") return canActFor(db, actor.id, invitee.id);
  if (invitee.type === "Group") return isModerator(db, invitee.id, actor.id);
  return false;
}

const signsHere = (actor: ActorRow) => actor.is_local === 1 && actor.type !== "Application";

/**
 * Splits the actors a writer names into authors and invitees. `kept` are
 * the note's current authors (an edit keeps them without asking again).
 * An organization needs no invitation: a member names it, nobody else may.
 * When nobody else here may sign yet, the writer does, first.
 */
export async function sortNamedAuthors(db: Db, writer: ActorRow, named: readonly ActorRow[], kept: ReadonlySet<string>): Promise<NamedAuthors> {
  const invitedIds = new Set<string>();
  for (const actor of named) {
    if (kept.has(actor.id) || actor.is_local !== 1 || (await speaksFor(db, writer, actor))) continue;
    if (actor.type === "Application") throw new DomainError("forbidden", "The instance itself cannot be a note's author");
    if (actor.type === "Organization") throw new DomainError("forbidden", `Only members of ${actor.username} may publish in its name`);
    invitedIds.add(actor.id);
  }
  let order = named.some((a) => !invitedIds.has(a.id) && signsHere(a)) ? [...named] : [writer, ...named];
  // ActivityPub servers check that the first attributedTo lives on the object's host.
  const first = order.find((a) => !invitedIds.has(a.id) && signsHere(a))!;
  order = [first, ...order.filter((a) => a !== first)];
  const positioned = order.map((actor, position) => ({ actor, position }));
  return { authors: positioned.filter((n) => !invitedIds.has(n.actor.id)), invited: positioned.filter((n) => invitedIds.has(n.actor.id)) };
}

/** Linked organizations of this instance: only their members may link them (kept ones stay). */
export async function checkLinkedOrganizations(db: Db, writer: ActorRow, organizations: readonly ActorRow[], kept: ReadonlySet<string>): Promise<void> {
  for (const organization of organizations) {
    if (organization.is_local !== 1 || kept.has(organization.id)) continue;
    if (!(await canActFor(db, writer.id, organization.id))) {
      throw new DomainError("forbidden", `Only members of ${organization.username} may link a note to it`);
    }
  }
}

/**
 * Records the invitations of a note. With `replace`, the note's pending
 * invitations become exactly `invited` (an edit that lists the authors
 * withdraws the invitations it no longer lists). Those newly invited are
 * notified (a person, or a community's moderators).
 */
export async function recordInvitations(tx: Db, noteId: string, invited: readonly NamedAuthor[], invitedBy: ActorRow, replace: boolean): Promise<void> {
  if (replace) {
    await tx
      .deleteFrom("coauthor_invitations")
      .where("note_id", "=", noteId)
      .where("actor_id", "not in", invited.length > 0 ? invited.map((n) => n.actor.id) : [""])
      .execute();
  }
  if (invited.length === 0) return;
  const already = new Set(
    (await tx.selectFrom("coauthor_invitations").select("actor_id").where("note_id", "=", noteId).where("actor_id", "in", invited.map((n) => n.actor.id)).execute()).map((r) => r.actor_id),
  );
  const now = isoNow();
  await tx
    .insertInto("coauthor_invitations")
    .values(invited.map(({ actor, position }) => ({ id: newId(), note_id: noteId, actor_id: actor.id, position, invited_by: invitedBy.id, created_at: now })))
    .onConflict((oc) => oc.columns(["note_id", "actor_id"]).doUpdateSet((eb) => ({ position: eb.ref("excluded.position") })))
    .execute();
  await notifyCoauthorInvitations(
    tx,
    noteId,
    invited.filter((n) => !already.has(n.actor.id)).map((n) => n.actor),
    invitedBy,
  );
}

/** Who is invited to co-sign a note and has not answered yet. */
export async function invitedAuthors(db: Db, noteId: string): Promise<ActorRow[]> {
  return db
    .selectFrom("coauthor_invitations")
    .innerJoin("actors", "actors.id", "coauthor_invitations.actor_id")
    .selectAll("actors")
    .where("coauthor_invitations.note_id", "=", noteId)
    .orderBy("coauthor_invitations.created_at")
    .orderBy("coauthor_invitations.id")
    .execute();
}

export interface PendingCoauthorship {
  readonly id: string;
  readonly note: NoteRow;
  /** The person themselves, or a community they moderate. */
  readonly invitee: ActorRow;
  readonly invitedBy: ActorRow | null;
  readonly createdAt: string;
}

/** Invitations a person may answer: their own and their communities', newest first, on notes still there. */
export async function pendingCoauthorships(db: Db, person: ActorRow): Promise<PendingCoauthorship[]> {
  const moderated = db.selectFrom("community_moderators").select("community_id").where("actor_id", "=", person.id);
  const rows = await db
    .selectFrom("coauthor_invitations")
    .innerJoin("notes", "notes.id", "coauthor_invitations.note_id")
    .select(["coauthor_invitations.id as invitation_id", "coauthor_invitations.actor_id", "coauthor_invitations.invited_by", "coauthor_invitations.created_at as invited_at"])
    .selectAll("notes")
    .where("notes.deleted_at", "is", null)
    .where((eb) => eb.or([eb("coauthor_invitations.actor_id", "=", person.id), eb("coauthor_invitations.actor_id", "in", moderated)]))
    .orderBy("coauthor_invitations.created_at", "desc")
    .orderBy("coauthor_invitations.id", "desc")
    .execute();
  const actorIds = [...new Set(rows.flatMap((r) => [r.actor_id, ...(r.invited_by ? [r.invited_by] : [])]))];
  const actors = new Map(
    (actorIds.length > 0 ? await db.selectFrom("actors").selectAll().where("id", "in", actorIds).execute() : []).map((a) => [a.id, a]),
  );
  return rows.flatMap(({ invitation_id, actor_id, invited_by, invited_at, ...note }) => {
    const invitee = actors.get(actor_id);
    return invitee ? [{ id: invitation_id, note, invitee, invitedBy: invited_by ? (actors.get(invited_by) ?? null) : null, createdAt: invited_at }] : [];
  });
}

/**
 * Accepts or declines an invitation, for oneself or for a community one
 * moderates. Accepting makes the invitee an author, where the writer named them, and
 * federates the change (an Update to everyone the note reaches, now the
 * new author's followers too). Unknown or someone else's: not found.
 */
export async function answerCoauthorship(services: Services, person: ActorRow, invitationId: string, accept: boolean): Promise<NoteRow> {
  const { db } = services;
  const invitation = await db.selectFrom("coauthor_invitations").selectAll().where("id", "=", invitationId).executeTakeFirst();
  const invitee = invitation ? await db.selectFrom("actors").selectAll().where("id", "=", invitation.actor_id).executeTakeFirst() : undefined;
  const note = invitation ? await db.selectFrom("notes").selectAll().where("id", "=", invitation.note_id).executeTakeFirst() : undefined;
  if (!invitation || !invitee || !note || note.deleted_at != null || !(await speaksFor(db, person, invitee))) {
    throw new DomainError("not_found", "No such co-authorship invitation");
  }
  return db.transaction().execute(async (tx) => {
    const taken = await tx.deleteFrom("coauthor_invitations").where("id", "=", invitation.id).executeTakeFirst();
    // Answered meanwhile (another moderator, another tab): nothing more to do.
    if (Number(taken.numDeletedRows) === 0) throw new DomainError("not_found", "No such co-authorship invitation");
    if (!accept) return note;
    // At the place the writer gave, but never before the author who signs.
    await tx
      .insertInto("note_authors")
      .values({ note_id: note.id, actor_id: invitee.id, position: Math.max(1, invitation.position) })
      .onConflict((oc) => oc.columns(["note_id", "actor_id"]).doNothing())
      .execute();
    // A newer `updated`, so that receivers take the Update (and its new attributedTo).
    const now = isoNow();
    const updated = await tx
      .updateTable("notes")
      .set({ updated_at: now > note.updated_at ? now : new Date(Date.parse(note.updated_at) + 1).toISOString() })
      .where("id", "=", note.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await services.outbox.send({ type: "coauthor-joined", noteId: note.id, actorId: invitee.id }, tx);
    return updated;
  });
}
