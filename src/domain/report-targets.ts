// What a report is about: a note or reply, or an actor (person, organization,
// community), found from what a client sent, and what it looked like at that
// moment (the snapshot moderators judge, even if it is edited or deleted later).
import type { Kysely } from "kysely";
import type { ReportTargetType } from "../db/report-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { findActorById, findActorByUri, handleOf, type ActorRow } from "./actors.ts";
import { DomainError } from "./errors.ts";
import { canSeeNote, findNoteById, findNoteByUri, noteAuthors, type NoteRow } from "./notes.ts";

export type ReportTarget = { readonly type: "note"; readonly note: NoteRow } | { readonly type: "actor"; readonly actor: ActorRow };

/** What clients see a target as: a note, a reply, a person, an organization or a community. */
export type ReportTargetKind = "note" | "reply" | "person" | "organization" | "community";

export function targetKind(type: ReportTargetType, snapshot: { kind?: unknown }): ReportTargetKind {
  if (typeof snapshot.kind === "string") return snapshot.kind as ReportTargetKind;
  return type === "note" ? "note" : "person";
}

const REPORTABLE_ACTOR_TYPES = new Set(["Person", "Organization", "Group", "Service"]);

/**
 * The target named by `raw` (a note id, a note or actor URI, a handle), as the
 * reporter may see it. Unknown, deleted, or private content the reporter
 * cannot see are all "not found": a report must not reveal that it exists.
 */
export async function findReportTarget(services: Services, reporterId: string, raw: unknown): Promise<ReportTarget> {
  if (typeof raw !== "string" || !raw.trim() || raw.length > 2000) {
    throw new DomainError("invalid", 'Give "target": a note id or URI, a handle (@name@host) or an actor URI');
  }
  const query = raw.trim();
  const { db } = services;
  let note: NoteRow | undefined;
  let actor: ActorRow | undefined | null;
  if (/^https?:\/\//i.test(query)) {
    note = await findNoteByUri(db, query);
    if (!note) actor = await findActorByUri(db, query);
  } else if (query.includes("@")) {
    actor = await services.directory.resolve(query).catch(() => null);
  } else {
    note = await findNoteById(db, query);
    if (!note) actor = await findActorById(db, query);
  }
  if (note) {
    if (!(await canSeeNote(db, note, reporterId))) throw new DomainError("not_found", "Nothing to report found for this target");
    return { type: "note", note };
  }
  if (!actor || actor.deleted_at != null) throw new DomainError("not_found", "Nothing to report found for this target");
  if (!REPORTABLE_ACTOR_TYPES.has(actor.type)) throw new DomainError("invalid", "Report a note, a reply, a person, an organization or a community");
  if (actor.id === reporterId) throw new DomainError("invalid", "You cannot report yourself");
  return { type: "actor", actor };
}

export function actorKind(actor: Pick<ActorRow, "type">): ReportTargetKind {
  return actor.type === "Group" ? "community" : actor.type === "Organization" ? "organization" : "person";
}

const SNAPSHOT_HTML_LIMIT = 20_000;

/** What moderators see of the target as it was when reported. */
export async function snapshotOf(db: Kysely<Database>, target: ReportTarget): Promise<Record<string, unknown>> {
  if (target.type === "actor") {
    const a = target.actor;
    return { kind: actorKind(a), uri: a.uri, url: a.url, handle: handleOf(a), name: a.name, summary: a.summary, iconUrl: a.icon_url };
  }
  const n = target.note;
  const authors = await noteAuthors(db, n.id);
  return {
    kind: n.in_reply_to_uri ? "reply" : "note",
    uri: n.uri,
    url: n.url,
    title: n.title,
    summary: n.summary,
    contentHtml: n.content_html.slice(0, SNAPSHOT_HTML_LIMIT),
    visibility: n.visibility,
    inReplyTo: n.in_reply_to_uri,
    authors: authors.map((a) => ({ uri: a.uri, handle: handleOf(a) })),
    publishedAt: n.published_at,
    updatedAt: n.updated_at,
  };
}

/** The account a report is about: the actor itself, or the note's first author. */
export async function targetAccountOf(db: Kysely<Database>, target: ReportTarget): Promise<ActorRow | null> {
  if (target.type === "actor") return target.actor;
  return (await noteAuthors(db, target.note.id))[0] ?? null;
}

/** The community where a note was posted: a local one first (its moderators are here), else any. */
export async function communityOfNote(db: Kysely<Database>, noteId: string): Promise<ActorRow | null> {
  const row = await db
    .selectFrom("community_posts")
    .innerJoin("actors", "actors.id", "community_posts.community_id")
    .selectAll("actors")
    .where("community_posts.note_id", "=", noteId)
    .where("community_posts.removed_at", "is", null)
    .orderBy("actors.is_local", "desc")
    .orderBy("community_posts.created_at")
    .executeTakeFirst();
  return row ?? null;
}
