// Notebooks in the JSON API (docs/API-knowledge.md). Reads need no
// identity (a notebook is public); every change is checked by the domain
// (curators only) and federated from the intents it emits.
import { Hono, type Context } from "hono";
import { localUsername } from "../../domain/accounts.ts";
import { findLocalActor, handleOf, type ActorRow } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  findNotebookByUri,
  addCurator,
  addItem,
  createNotebook,
  createSection,
  deleteNotebook,
  deleteSection,
  listNotebooks,
  loadNotebook,
  moveItem,
  orderedItems,
  removeCurator,
  removeItem,
  requireNotebook,
  updateNotebook,
  updateSection,
  type NotebookItemView,
  type NotebookRow,
  type NotebookSectionRow,
  type NotebookView,
} from "../../domain/notebooks.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";

/** An actor as a line of a list: enough to name and link it. */
export function actorRefJson(actor: ActorRow) {
  return { id: actor.id, uri: actor.uri, url: actor.url, type: actor.type, handle: handleOf(actor), name: actor.name, local: actor.is_local === 1 };
}

function itemJson(view: NotebookItemView) {
  const { item, note } = view;
  return {
    id: item.id,
    noteUri: item.note_uri,
    sectionId: item.section_id,
    position: item.position,
    addedAt: item.added_at,
    available: !view.unavailable,
    note: note
      ? {
          id: note.id,
          uri: note.uri,
          url: note.url ?? note.uri,
          local: note.is_local === 1,
          title: note.title,
          summary: note.summary,
          language: note.language,
          publishedAt: note.published_at,
          authors: view.authors.map(actorRefJson),
        }
      : null,
  };
}

function notebookBaseJson(notebook: NotebookRow) {
  return {
    id: notebook.id,
    uri: notebook.uri,
    url: notebook.url ?? notebook.uri,
    local: notebook.is_local === 1,
    title: notebook.title,
    summary: notebook.summary,
    coverUrl: notebook.cover_url,
    createdAt: notebook.created_at,
    updatedAt: notebook.updated_at,
  };
}

export function sectionJson(section: NotebookSectionRow) {
  return { id: section.id, title: section.title, position: section.position };
}

export function notebookJson(view: NotebookView) {
  return {
    ...notebookBaseJson(view.notebook),
    curators: view.curators.map(actorJson),
    tags: view.tags,
    items: view.items.map(itemJson),
    sections: view.sections.map(({ section, items }) => ({ ...sectionJson(section), items: items.map(itemJson) })),
  };
}

function pageParams(c: Context<AppEnv>): { limit: number; cursor: string | null } {
  const limit = Number(c.req.query("limit") ?? 40);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit must be an integer from 1 to 200");
  return { limit, cursor: c.req.query("cursor") ?? null };
}

/** An item as it now stands in its notebook. */
async function itemResponse(c: Context<AppEnv>, notebookId: string, itemId: string) {
  const db = c.get("services").db;
  const view = await loadNotebook(db, await requireNotebook(db, notebookId));
  return itemJson(orderedItems(view).find((v) => v.item.id === itemId)!);
}

async function fullNotebook(c: Context<AppEnv>, id: string) {
  const db = c.get("services").db;
  if (id === "by-uri") {
    // Notebooks of other instances, kept here, by their ActivityPub id.
    const notebook = await findNotebookByUri(db, c.req.query("uri") ?? "");
    if (!notebook) throw new DomainError("not_found", "No such notebook");
    return notebookJson(await loadNotebook(db, await requireNotebook(db, notebook.id)));
  }
  return notebookJson(await loadNotebook(db, await requireNotebook(db, id)));
}

export function notebookRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/notebooks", async (c) => {
    const notebook = await createNotebook(c.get("services"), currentUser(c).actor, await jsonBody(c));
    return c.json(await fullNotebook(c, notebook.id), 201);
  });

  app.get("/notebooks", async (c) => {
    const services = c.get("services");
    const curatorQuery = c.req.query("curator");
    let curatorId: string | undefined;
    if (curatorQuery) {
      // Curators are local: no lookup elsewhere, so a read never makes this server fetch anything.
      const username = localUsername(curatorQuery, services.config.publicUrl);
      const curator = username == null ? undefined : await findLocalActor(services.db, services.config.publicUrl, username);
      if (!curator) throw new DomainError("not_found", `No actor of this instance named ${curatorQuery}`);
      curatorId = curator.id;
    }
    const page = await listNotebooks(services.db, { ...pageParams(c), curatorId });
    return c.json({
      items: page.items.map(({ notebook, curators, itemCount }) => ({ ...notebookBaseJson(notebook), curators: curators.map(actorRefJson), itemCount })),
      nextCursor: page.nextCursor,
    });
  });

  app.get("/notebooks/:id", async (c) => c.json(await fullNotebook(c, c.req.param("id"))));

  app.patch("/notebooks/:id", async (c) => {
    const notebook = await updateNotebook(c.get("services"), currentUser(c).actor, c.req.param("id"), await jsonBody(c));
    return c.json(await fullNotebook(c, notebook.id));
  });

  app.delete("/notebooks/:id", async (c) => {
    await deleteNotebook(c.get("services"), currentUser(c).actor, c.req.param("id"));
    return c.body(null, 204);
  });

  app.post("/notebooks/:id/curators", async (c) => {
    const curators = await addCurator(c.get("services"), currentUser(c).actor, c.req.param("id"), (await jsonBody(c)).curator);
    return c.json({ curators: curators.map(actorJson) });
  });

  app.delete("/notebooks/:id/curators", async (c) => {
    const curator = c.req.query("curator") ?? (await jsonBody(c)).curator;
    const curators = await removeCurator(c.get("services"), currentUser(c).actor, c.req.param("id"), curator);
    return c.json({ curators: curators.map(actorJson) });
  });

  app.post("/notebooks/:id/sections", async (c) => {
    const section = await createSection(c.get("services"), currentUser(c).actor, c.req.param("id"), await jsonBody(c));
    return c.json(sectionJson(section), 201);
  });

  app.patch("/notebooks/:id/sections/:sectionId", async (c) => {
    const section = await updateSection(c.get("services"), currentUser(c).actor, c.req.param("id"), c.req.param("sectionId"), await jsonBody(c));
    return c.json(sectionJson(section));
  });

  app.delete("/notebooks/:id/sections/:sectionId", async (c) => {
    await deleteSection(c.get("services"), currentUser(c).actor, c.req.param("id"), c.req.param("sectionId"));
    return c.body(null, 204);
  });

  app.post("/notebooks/:id/items", async (c) => {
    const item = await addItem(c.get("services"), currentUser(c).actor, c.req.param("id"), await jsonBody(c));
    return c.json(await itemResponse(c, item.notebook_id, item.id), 201);
  });

  app.patch("/notebooks/:id/items/:itemId", async (c) => {
    const item = await moveItem(c.get("services"), currentUser(c).actor, c.req.param("id"), c.req.param("itemId"), await jsonBody(c));
    return c.json(await itemResponse(c, item.notebook_id, item.id));
  });

  app.delete("/notebooks/:id/items/:itemId", async (c) => {
    await removeItem(c.get("services"), currentUser(c).actor, c.req.param("id"), c.req.param("itemId"));
    return c.body(null, 204);
  });

  return app;
}
