// Co-authorship invitations in the JSON API (docs/API.md, "Co-authorships"):
// what the signed-in person may answer (for themselves or a community they
// moderate), and the answer. The domain checks who may answer.
import { Hono } from "hono";
import { answerCoauthorship, pendingCoauthorships, type PendingCoauthorship } from "../../domain/coauthors.ts";
import { loadNoteDetails } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";
import { actorJson } from "./json.ts";
import { noteJson } from "./note-json.ts";

function coauthorshipJson(pending: PendingCoauthorship) {
  const { note } = pending;
  return {
    id: pending.id,
    note: { id: note.id, uri: note.uri, url: note.url ?? note.uri, title: note.title, summary: note.summary, visibility: note.visibility },
    invitee: actorJson(pending.invitee),
    invitedBy: pending.invitedBy ? actorJson(pending.invitedBy) : null,
    createdAt: pending.createdAt,
  };
}

export function coauthorshipRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/coauthorships", async (c) => {
    const pending = await pendingCoauthorships(c.get("services").db, currentUser(c).actor);
    return c.json({ items: pending.map(coauthorshipJson) });
  });

  app.post("/coauthorships/:id/accept", async (c) => {
    const services = c.get("services");
    const note = await answerCoauthorship(services, currentUser(c).actor, c.req.param("id"), true);
    return c.json(noteJson(await loadNoteDetails(services.db, note)));
  });

  app.post("/coauthorships/:id/decline", async (c) => {
    await answerCoauthorship(c.get("services"), currentUser(c).actor, c.req.param("id"), false);
    return c.body(null, 204);
  });

  return app;
}
