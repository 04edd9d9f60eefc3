// Light participation in the JSON API: like and share a note, and take either
// back. Every answer is the note's counts as the viewer now sees them.
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { findNoteByUri } from "../../domain/notes.ts";
import { likeNote, participationOf, shareNote, unlikeNote, unshareNote } from "../../domain/reactions.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";
import { participationJson } from "./note-json.ts";

/** The local id of `:id`, or of `?uri=` with `by-uri` (remote notes, as in the notes routes). */
export async function noteIdOf(c: Context<AppEnv>): Promise<string> {
  const id = c.req.param("id") ?? "";
  if (id !== "by-uri") return id;
  const note = await findNoteByUri(c.get("services").db, c.req.query("uri") ?? "");
  if (!note) throw new DomainError("not_found", "No such note");
  return note.id;
}

async function counts(c: Context<AppEnv>, noteId: string) {
  const participation = (await participationOf(c.get("services").db, [noteId], currentUser(c).actor.id)).get(noteId)!;
  return participationJson(participation);
}

export function reactionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/notes/:id/like", async (c) => {
    const noteId = await noteIdOf(c);
    const { created } = await likeNote(c.get("services"), currentUser(c).actor, noteId);
    return c.json(await counts(c, noteId), created ? 201 : 200);
  });

  app.delete("/notes/:id/like", async (c) => {
    const noteId = await noteIdOf(c);
    await unlikeNote(c.get("services"), currentUser(c).actor, noteId);
    return c.json(await counts(c, noteId));
  });

  app.post("/notes/:id/share", async (c) => {
    const noteId = await noteIdOf(c);
    const { created } = await shareNote(c.get("services"), currentUser(c).actor, noteId);
    return c.json(await counts(c, noteId), created ? 201 : 200);
  });

  app.delete("/notes/:id/share", async (c) => {
    const noteId = await noteIdOf(c);
    await unshareNote(c.get("services"), currentUser(c).actor, noteId);
    return c.json(await counts(c, noteId));
  });

  return app;
}
