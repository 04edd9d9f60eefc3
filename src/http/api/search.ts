// Finding anything in the JSON API: an actor, a note or a notebook, by handle
// or URL, here or on another server (fetched and kept through the lookup port).
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { lookupTarget, visibleResult } from "../../domain/lookup.ts";
import { loadNotebook } from "../../domain/notebooks.ts";
import { loadNoteDetails } from "../../domain/notes.ts";
import { participationOf } from "../../domain/reactions.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";
import { actorJson } from "./json.ts";
import { noteJson } from "./note-json.ts";
import { notebookJson } from "./notebooks.ts";

export function searchRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/search", async (c) => {
    const { db, config, lookup } = c.get("services");
    const me = currentUser(c).actor;
    const q = c.req.query("q") ?? "";
    const target = lookupTarget(q, config.publicUrl);
    if (!target) throw new DomainError("invalid", "Give q: a handle (@name@host) or the URL of an actor, a note or a notebook");
    const found = await visibleResult(db, await lookup.resolve(target.query), me.id);
    if (!found) throw new DomainError("not_found", `Nothing found for ${q.trim()}`);
    switch (found.kind) {
      case "actor":
        return c.json({ kind: found.kind, actor: actorJson(found.actor) });
      case "note": {
        const participation = (await participationOf(db, [found.note.id], me.id)).get(found.note.id);
        return c.json({ kind: found.kind, note: noteJson(await loadNoteDetails(db, found.note), participation) });
      }
      case "notebook":
        return c.json({ kind: found.kind, notebook: notebookJson(await loadNotebook(db, found.notebook)) });
    }
  });

  return app;
}
