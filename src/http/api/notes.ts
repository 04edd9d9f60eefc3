import { Hono, type Context } from "hono";
import { findActorByHandle, findActorById } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { parseHandle } from "../../domain/handles.ts";
import { createNote, deleteNote, mayEditNote, updateNote } from "../../domain/note-writing.ts";
import { invitedAuthors } from "../../domain/coauthors.ts";
import { canSeeNote, findNoteById, findNoteByUri, findRevision, listPublicNotes, listRevisions, loadNoteDetails, type NoteDetails, type NoteRow } from "../../domain/notes.ts";
import { participationOf } from "../../domain/reactions.ts";
import { tagKey } from "../../domain/tags.ts";
import { findLocalTerm } from "../../domain/terms.ts";
import { refreshThread } from "../../domain/thread-backfill.ts";
import { descendants, readingOrder } from "../../domain/threads.ts";
import { withoutHiddenAuthors } from "../../domain/member-blocks.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";
import { noteJson, revisionJson } from "./note-json.ts";

/** A note the signed-in person may see, by local id or (for remote notes) `?uri=`; 404 otherwise. */
async function visibleNote(c: Context<AppEnv>, id: string): Promise<NoteRow> {
  const { db } = c.get("services");
  const note = id === "by-uri" ? await findNoteByUri(db, c.req.query("uri") ?? "") : await findNoteById(db, id);
  if (note?.deleted_at != null) throw new DomainError("gone", "This note was deleted");
  if (!note || !(await canSeeNote(db, note, currentUser(c).actor.id))) throw new DomainError("not_found", "No such note");
  return note;
}

/** Likes, shares, readings, and what the signed-in person did (light participation). */
async function participation(c: Context<AppEnv>, noteId: string) {
  return (await participationOf(c.get("services").db, [noteId], currentUser(c).actor.id)).get(noteId);
}

/** A note as its editors see it: with who is invited to co-sign and has not answered yet. */
async function writtenNoteJson(c: Context<AppEnv>, details: NoteDetails) {
  const invited = await invitedAuthors(c.get("services").db, details.note.id);
  return { ...noteJson(details, await participation(c, details.note.id)), invitedAuthors: invited.map(actorJson) };
}

export function noteRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/notes", async (c) => {
    const body = await jsonBody(c);
    // `draft: true` keeps it unpublished (its authors only, nothing federated) until a PATCH with `publish: true`.
    const details = await createNote(c.get("services"), currentUser(c).actor, body, { draft: body.draft === true });
    return c.json(await writtenNoteJson(c, details), 201);
  });

  app.get("/notes", async (c) => {
    const { db, config } = c.get("services");
    const limit = Number(c.req.query("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new DomainError("invalid", "limit must be an integer from 1 to 100");
    const filter: Parameters<typeof listPublicNotes>[1] = { limit, cursor: c.req.query("cursor") ?? null, localOnly: c.req.query("local") === "true", viewerId: currentUser(c).actor.id };
    const author = c.req.query("author");
    if (author) {
      const handle = parseHandle(author.includes("@") ? author : `${author}@${config.publicUrl.host}`);
      const actor = handle ? await findActorByHandle(db, handle.username, handle.host) : undefined;
      if (!actor) return c.json({ items: [], nextCursor: null });
      filter.authorId = actor.id;
    }
    const term = c.req.query("term");
    if (term) {
      const found = await findLocalTerm(db, term);
      if (!found) return c.json({ items: [], nextCursor: null });
      filter.termId = found.id;
    }
    const tag = c.req.query("tag");
    if (tag) filter.tagKey = tagKey(tag);
    const page = await listPublicNotes(db, filter);
    const counts = await participationOf(db, page.items.map((n) => n.id), currentUser(c).actor.id);
    return c.json({
      items: await Promise.all(page.items.map(async (note) => noteJson(await loadNoteDetails(db, note), counts.get(note.id)))),
      nextCursor: page.nextCursor,
    });
  });

  app.get("/notes/:id", async (c) => {
    const note = await visibleNote(c, c.req.param("id"));
    const details = await loadNoteDetails(c.get("services").db, note);
    // Its editors also see who is invited to co-sign (an edit that lists the authors keeps them listed).
    if (mayEditNote(details, currentUser(c).actor.id)) return c.json(await writtenNoteJson(c, details));
    return c.json(noteJson(details, await participation(c, note.id)));
  });

  // The whole conversation under a note, in reading order; a thread started elsewhere is first completed from its sources.
  app.get("/notes/:id/thread", async (c) => {
    const services = c.get("services");
    const { db } = services;
    const viewerId = currentUser(c).actor.id;
    const root = await refreshThread(services, await visibleNote(c, c.req.param("id")));
    const replies: NoteRow[] = [];
    // Replies by people (or instances) the viewer mutes or blocks are left out.
    for (const note of readingOrder(root, await withoutHiddenAuthors(db, viewerId, await descendants(db, root)))) {
      if (await canSeeNote(db, note, viewerId)) replies.push(note);
    }
    const counts = await participationOf(db, [root.id, ...replies.map((n) => n.id)], viewerId);
    return c.json({
      root: noteJson(await loadNoteDetails(db, root), counts.get(root.id)),
      replies: await Promise.all(replies.map(async (note) => noteJson(await loadNoteDetails(db, note), counts.get(note.id)))),
    });
  });

  app.patch("/notes/:id", async (c) => {
    const body = await jsonBody(c);
    const details = await updateNote(c.get("services"), currentUser(c).actor, c.req.param("id"), body, { publish: body.publish === true });
    return c.json(await writtenNoteJson(c, details));
  });

  app.delete("/notes/:id", async (c) => {
    await deleteNote(c.get("services"), currentUser(c).actor, c.req.param("id"));
    return c.body(null, 204);
  });

  app.get("/notes/:id/revisions", async (c) => {
    const note = await visibleNote(c, c.req.param("id"));
    const { db } = c.get("services");
    const revisions = await listRevisions(db, note.id);
    const editors = new Map<string, string>();
    for (const r of revisions) {
      if (r.editor_id && !editors.has(r.editor_id)) {
        const editor = await findActorById(db, r.editor_id);
        if (editor) editors.set(r.editor_id, `@${editor.username}@${editor.domain}`);
      }
    }
    return c.json({ items: revisions.map((r) => ({ ...revisionJson(r), editor: r.editor_id ? editors.get(r.editor_id) ?? null : null })) });
  });

  app.get("/notes/:id/revisions/:number{[0-9]+}", async (c) => {
    const note = await visibleNote(c, c.req.param("id"));
    const revision = await findRevision(c.get("services").db, note.id, Number(c.req.param("number")));
    if (!revision) throw new DomainError("not_found", "No such revision");
    return c.json(revisionJson(revision));
  });

  return app;
}
