// Quality labels on notes: "information à valider" (a-valider), "source
// requise" (source-requise), "information contestée" (contestee). Set by a
// moderator of a community of this instance that carries the note, or by an
// administrator; where a community opts in (`label_vote_threshold`), by that
// many distinct members' votes, so that no single member decides. The
// note's authors are notified and may answer; removing a label resolves it.
// Every change is kept in the label history and the moderation log, and a
// local note's labels travel in its ActivityPub document (an Update).
import type { Kysely } from "kysely";
import type { NoteLabelEventsTable, NoteLabelsTable } from "../db/labels-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { communitiesOfNote, findCommunity, isMember, isModerator, type Community } from "./communities.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { canSeeNote, findNoteById, type NoteRow } from "./notes.ts";
import { notify } from "./notifications.ts";

type Db = Kysely<Database>;

export const QUALITY_LABELS = ["a-valider", "source-requise", "contestee"] as const;
export type QualityLabel = (typeof QUALITY_LABELS)[number];

export const MAX_LABEL_REASON = 1000;
export const MAX_LABEL_ANSWER = 5000;
const MAX_SOURCE_URL = 2000;

export type NoteLabelRow = NoteLabelsTable;
export type NoteLabelEventRow = NoteLabelEventsTable;

/** Who acts: a person of this instance, and whether they administer it. */
export interface Labeller {
  readonly actor: ActorRow;
  readonly isAdmin: boolean;
}

export interface LabelInput {
  readonly label: QualityLabel;
  readonly reason: string;
  readonly source: string | null;
}

export function isQualityLabel(value: unknown): value is QualityLabel {
  return typeof value === "string" && (QUALITY_LABELS as readonly string[]).includes(value);
}

export function parseLabelName(value: unknown): QualityLabel {
  if (!isQualityLabel(value)) throw new DomainError("invalid", `label must be one of ${QUALITY_LABELS.join(", ")}`);
  return value;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === "https:" || protocol === "http:";
}

/** Reads `{label, reason, source}` from untrusted input and reports every problem at once. */
export function parseLabelInput(raw: Record<string, unknown>): LabelInput {
  const problems: string[] = [];
  if (!isQualityLabel(raw.label)) problems.push(`label must be one of ${QUALITY_LABELS.join(", ")}`);
  const reason = typeof raw.reason === "string" ? raw.reason.trim() : "";
  if (!reason || reason.length > MAX_LABEL_REASON) problems.push(`reason must be a text of 1 to ${MAX_LABEL_REASON} characters`);
  let source: string | null = null;
  if (raw.source != null && raw.source !== "") {
    if (typeof raw.source !== "string" || raw.source.length > MAX_SOURCE_URL || !isHttpUrl(raw.source.trim())) problems.push("source must be an http(s) URL");
    else source = raw.source.trim();
  }
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  return { label: raw.label as QualityLabel, reason, source };
}

/** A note that the labeller may see; others are told it does not exist. */
async function visibleNote(db: Db, labeller: Labeller, noteId: string): Promise<NoteRow> {
  const note = await findNoteById(db, noteId);
  if (!note || !(await canSeeNote(db, note, labeller.actor.id))) throw new DomainError("not_found", "No such note");
  return note;
}

/** The local communities carrying the note (not removed from them). */
async function localCommunitiesOf(db: Db, noteId: string): Promise<Community[]> {
  const found: Community[] = [];
  for (const post of await communitiesOfNote(db, noteId)) {
    const community = await findCommunity(db, post.communityId);
    if (community && community.actor.is_local === 1) found.push(community);
  }
  return found;
}

/** The community in whose name a moderator acts, or null for an administrator; throws when neither. */
async function moderationAuthority(db: Db, labeller: Labeller, noteId: string): Promise<{ communityId: string | null }> {
  for (const community of await localCommunitiesOf(db, noteId)) {
    if (await isModerator(db, community.actor.id, labeller.actor.id)) return { communityId: community.actor.id };
  }
  if (labeller.isAdmin) return { communityId: null };
  throw new DomainError("forbidden", "Only the moderators of a community carrying this note, or an administrator, may do this");
}

async function recordEvent(db: Db, event: Omit<NoteLabelEventRow, "id" | "created_at">): Promise<void> {
  await db.insertInto("note_label_events").values({ ...event, id: newId(), created_at: isoNow() }).execute();
}

async function localAuthors(db: Db, noteId: string): Promise<string[]> {
  const rows = await db.selectFrom("note_authors").select("actor_id").where("note_id", "=", noteId).execute();
  return rows.map((r) => r.actor_id);
}

/** Sets (or re-words) a label decided here, in one transaction with its history, log, notifications and Update. */
async function applyLabel(services: Services, note: NoteRow, input: LabelInput, setBy: string | null, communityId: string | null): Promise<void> {
  await services.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom("note_labels").select("id").where("note_id", "=", note.id).where("label", "=", input.label).where("origin", "=", "local").executeTakeFirst();
    if (existing) {
      await tx.updateTable("note_labels").set({ reason: input.reason, source_url: input.source, set_by: setBy, community_id: communityId }).where("id", "=", existing.id).execute();
    } else {
      await tx
        .insertInto("note_labels")
        .values({ id: newId(), note_id: note.id, label: input.label, reason: input.reason, source_url: input.source, set_by: setBy, community_id: communityId, origin: "local", answer: null, answered_at: null, created_at: isoNow() })
        .execute();
    }
    await recordEvent(tx, { note_id: note.id, label: input.label, event: "added", actor_id: setBy, text: input.reason });
    await recordModerationAction(tx, {
      moderatorId: setBy,
      action: "label-added",
      targetType: "note",
      targetUri: note.uri,
      communityId,
      reason: input.reason,
      details: { label: input.label, source: input.source, byVote: setBy == null },
    });
    for (const authorId of await localAuthors(tx, note.id)) await notify(tx, { recipientId: authorId, kind: "note-labelled", subjectUri: note.uri, actorId: setBy });
    if (note.is_local === 1) await services.outbox.send({ type: "note-labels-changed", noteId: note.id }, tx);
  });
}

export type LabelResult =
  | { readonly status: "labelled"; readonly labels: NoteLabelRow[] }
  | { readonly status: "voted"; readonly votes: number; readonly threshold: number; readonly labels: NoteLabelRow[] };

/**
 * A moderator or an administrator sets a label at once; a member of a
 * community that opted in votes for it, and the label is set when enough
 * distinct members agree. Anyone else: 403.
 */
export async function labelNote(services: Services, labeller: Labeller, noteId: string, input: LabelInput): Promise<LabelResult> {
  const { db } = services;
  const note = await visibleNote(db, labeller, noteId);
  const authority = await moderationAuthority(db, labeller, note.id).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "forbidden") return null;
    throw error;
  });
  if (authority) {
    await applyLabel(services, note, input, labeller.actor.id, authority.communityId);
    return { status: "labelled", labels: await noteLabels(db, note.id) };
  }
  const community = await votingCommunity(db, labeller.actor.id, note.id);
  if (!community) throw new DomainError("forbidden", "Only the moderators of a community carrying this note may label it (or its members, where the community lets them vote)");
  return voteForLabel(services, labeller, note, community, input);
}

async function votingCommunity(db: Db, actorId: string, noteId: string): Promise<Community | null> {
  for (const community of await localCommunitiesOf(db, noteId)) {
    if (community.settings.label_vote_threshold != null && (await isMember(db, community.actor.id, actorId))) return community;
  }
  return null;
}

async function voteForLabel(services: Services, labeller: Labeller, note: NoteRow, community: Community, input: LabelInput): Promise<LabelResult> {
  const { db } = services;
  const threshold = community.settings.label_vote_threshold!;
  const inserted = await db
    .insertInto("note_label_votes")
    .values({ note_id: note.id, label: input.label, voter_id: labeller.actor.id, community_id: community.actor.id, reason: input.reason, created_at: isoNow() })
    .onConflict((oc) => oc.doNothing())
    .returning("voter_id")
    .executeTakeFirst();
  if (inserted) await recordEvent(db, { note_id: note.id, label: input.label, event: "voted", actor_id: labeller.actor.id, text: input.reason });
  const count = await db
    .selectFrom("note_label_votes")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("note_id", "=", note.id)
    .where("label", "=", input.label)
    .where("community_id", "=", community.actor.id)
    .executeTakeFirstOrThrow();
  const votes = Number(count.n);
  const already = await db.selectFrom("note_labels").select("id").where("note_id", "=", note.id).where("label", "=", input.label).where("origin", "=", "local").executeTakeFirst();
  if (votes >= threshold && !already) {
    // The label is the members' decision: nobody in particular set it. The reason is the vote that completed it.
    await applyLabel(services, note, input, null, community.actor.id);
    return { status: "labelled", labels: await noteLabels(db, note.id) };
  }
  return { status: "voted", votes, threshold, labels: await noteLabels(db, note.id) };
}

/** Resolves a label (moderators and administrators only): it goes, its votes with it; the history stays. */
export async function removeLabel(services: Services, labeller: Labeller, noteId: string, label: QualityLabel, reason: string | null = null): Promise<NoteLabelRow[]> {
  const { db } = services;
  const note = await visibleNote(db, labeller, noteId);
  const { communityId } = await moderationAuthority(db, labeller, note.id);
  if (reason != null && (typeof reason !== "string" || reason.length > MAX_LABEL_REASON)) throw new DomainError("invalid", `reason must be a text of at most ${MAX_LABEL_REASON} characters`);
  await db.transaction().execute(async (tx) => {
    const deleted = await tx.deleteFrom("note_labels").where("note_id", "=", note.id).where("label", "=", label).where("origin", "=", "local").executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw new DomainError("not_found", "This note has no such label");
    await tx.deleteFrom("note_label_votes").where("note_id", "=", note.id).where("label", "=", label).execute();
    await recordEvent(tx, { note_id: note.id, label, event: "removed", actor_id: labeller.actor.id, text: reason?.trim() || null });
    await recordModerationAction(tx, { moderatorId: labeller.actor.id, action: "label-removed", targetType: "note", targetUri: note.uri, communityId, reason: reason?.trim() || null, details: { label } });
    if (note.is_local === 1) await services.outbox.send({ type: "note-labels-changed", noteId: note.id }, tx);
  });
  return noteLabels(db, note.id);
}

/** An author answers a label on their note; the answer is shown with it (and travels with it). */
export async function answerLabel(services: Services, author: Labeller, noteId: string, label: QualityLabel, answer: unknown): Promise<NoteLabelRow[]> {
  const { db } = services;
  const note = await visibleNote(db, author, noteId);
  if (!(await localAuthors(db, note.id)).includes(author.actor.id)) throw new DomainError("forbidden", "Only the note's authors may answer its labels");
  if (typeof answer !== "string" || !answer.trim() || answer.length > MAX_LABEL_ANSWER) throw new DomainError("invalid", `answer must be a text of 1 to ${MAX_LABEL_ANSWER} characters`);
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("note_labels").select(["id", "set_by"]).where("note_id", "=", note.id).where("label", "=", label).where("origin", "=", "local").executeTakeFirst();
    if (!row) throw new DomainError("not_found", "This note has no such label");
    await tx.updateTable("note_labels").set({ answer: answer.trim(), answered_at: isoNow() }).where("id", "=", row.id).execute();
    await recordEvent(tx, { note_id: note.id, label, event: "answered", actor_id: author.actor.id, text: answer.trim() });
    if (row.set_by) await notify(tx, { recipientId: row.set_by, kind: "label-answered", subjectUri: note.uri, actorId: author.actor.id });
    if (note.is_local === 1) await services.outbox.send({ type: "note-labels-changed", noteId: note.id }, tx);
  });
  return noteLabels(db, note.id);
}

/** A note's labels, both decided here and as its home instance says, oldest first. */
export async function noteLabels(db: Db, noteId: string): Promise<NoteLabelRow[]> {
  return db.selectFrom("note_labels").selectAll().where("note_id", "=", noteId).orderBy("created_at").orderBy("id").execute();
}

/** Labels of many notes at once (lists, feeds), by note id. */
export async function labelsOfNotes(db: Db, noteIds: readonly string[]): Promise<Map<string, NoteLabelRow[]>> {
  const byNote = new Map<string, NoteLabelRow[]>();
  if (noteIds.length === 0) return byNote;
  const rows = await db.selectFrom("note_labels").selectAll().where("note_id", "in", [...noteIds]).orderBy("created_at").orderBy("id").execute();
  for (const row of rows) byNote.set(row.note_id, [...(byNote.get(row.note_id) ?? []), row]);
  return byNote;
}

/** The history of a note's labels (added, voted, answered, removed), oldest first. */
export async function labelHistory(db: Db, noteId: string): Promise<NoteLabelEventRow[]> {
  return db.selectFrom("note_label_events").selectAll().where("note_id", "=", noteId).orderBy("id").execute();
}

/** A label as a note's home instance publishes it. */
export interface RemoteLabel {
  readonly label: QualityLabel;
  readonly reason: string | null;
  readonly source: string | null;
  readonly answer: string | null;
  readonly createdAt: string | null;
}

/**
 * Mirrors the labels the note's home instance publishes (the caller checked
 * the document comes from there): what it no longer lists is resolved.
 * Labels decided here are left alone.
 */
export async function syncRemoteLabels(db: Db, noteId: string, labels: readonly RemoteLabel[]): Promise<void> {
  const wanted = new Map(labels.map((l) => [l.label, l]));
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom("note_labels").selectAll().where("note_id", "=", noteId).where("origin", "=", "remote").execute();
    for (const row of current) {
      if (wanted.has(row.label as QualityLabel)) continue;
      await tx.deleteFrom("note_labels").where("id", "=", row.id).execute();
      await recordEvent(tx, { note_id: noteId, label: row.label, event: "removed", actor_id: null, text: null });
    }
    for (const label of wanted.values()) {
      const row = current.find((r) => r.label === label.label);
      const values = { reason: label.reason, source_url: label.source, answer: label.answer, answered_at: label.answer ? (row?.answered_at ?? isoNow()) : null };
      if (row) {
        if (row.reason !== values.reason || row.source_url !== values.source_url || row.answer !== values.answer) await tx.updateTable("note_labels").set(values).where("id", "=", row.id).execute();
        continue;
      }
      await tx
        .insertInto("note_labels")
        .values({ id: newId(), note_id: noteId, label: label.label, ...values, set_by: null, community_id: null, origin: "remote", created_at: label.createdAt ?? isoNow() })
        .execute();
      await recordEvent(tx, { note_id: noteId, label: label.label, event: "added", actor_id: null, text: label.reason });
    }
  });
}
