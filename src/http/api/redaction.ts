// DELETE /api/v1/notes/:id/revisions/:number: redacts a revision's text
// (src/domain/redaction.ts). An optional JSON body `{ "reason": "…" }` is kept
// in the moderation log when a moderator redacts someone else's writing.
import { Hono } from "hono";
import { redactRevision } from "../../domain/redaction.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";
import { revisionJson } from "./note-json.ts";

async function optionalReason(request: Request): Promise<string | null> {
  const text = await request.text();
  if (!text.trim()) return null;
  try {
    const body = JSON.parse(text) as { reason?: unknown };
    return typeof body?.reason === "string" && body.reason.trim() ? body.reason.trim().slice(0, 1000) : null;
  } catch {
    return null;
  }
}

export function redactionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.delete("/notes/:id/revisions/:number{[0-9]+}", async (c) => {
    const reason = await optionalReason(c.req.raw);
    const revision = await redactRevision(c.get("services").db, currentUser(c), c.req.param("id"), Number(c.req.param("number")), reason);
    return c.json(revisionJson(revision));
  });
  return app;
}
