// A deleted local note or notebook answers ActivityPub clients with 410 Gone
// and a Tombstone (browsers get the 410 page from the pages).
import { Article, OrderedCollection, Tombstone } from "@fedify/vocab";
import { findNotebook } from "../../src/domain/notebooks.ts";
import { findNoteById } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";

const NOTE_PATH = /^\/notes\/([0-9a-z]{26})$/;
const NOTEBOOK_PATH = /^\/notebooks\/([0-9a-z]{26})$/;

export async function deletedNoteResponse(services: Services, request: Request): Promise<Response | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const path = new URL(request.url).pathname;
  const noteId = NOTE_PATH.exec(path)?.[1];
  const notebookId = NOTEBOOK_PATH.exec(path)?.[1];
  let tombstone: Tombstone | null = null;
  if (noteId) {
    const note = await findNoteById(services.db, noteId);
    if (note && note.is_local === 1 && note.deleted_at != null) {
      tombstone = new Tombstone({ id: new URL(note.uri), formerType: Article, deleted: Temporal.Instant.from(note.deleted_at) });
    }
  } else if (notebookId) {
    const notebook = await findNotebook(services.db, notebookId);
    if (notebook && notebook.is_local === 1 && notebook.deleted_at != null) {
      tombstone = new Tombstone({ id: new URL(notebook.uri), formerType: OrderedCollection, deleted: Temporal.Instant.from(notebook.deleted_at) });
    }
  }
  if (!tombstone) return null;
  return new Response(JSON.stringify(await tombstone.toJsonLd({ format: "compact" })), {
    status: 410,
    headers: { "Content-Type": "application/activity+json", Vary: "Accept" },
  });
}
