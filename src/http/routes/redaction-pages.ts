// The history page's "redact this version" button (src/domain/redaction.ts).
// A plain form: it works without JavaScript, and comes back to the history.
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { findNoteById } from "../../domain/notes.ts";
import { redactRevision } from "../../domain/redaction.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { renderMessagePage } from "../views/message.ts";
import { notePath } from "../views/note.ts";

export function redactionPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/notes/:id/history/:number{[0-9]+}/redact", requireSignIn, csrfProtection, async (c) => {
    const services = c.get("services");
    const note = await findNoteById(services.db, c.req.param("id"));
    if (!note) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
    const reason = field(await c.req.parseBody(), "reason").trim();
    try {
      await redactRevision(services.db, signedInUser(c), note.id, Number(c.req.param("number")), reason || null);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === "forbidden") return c.html(renderMessagePage(c, { title: "notes.forbiddenTitle", body: "notes.forbiddenBody" }), 403);
      if (error.code === "conflict") return c.html(renderMessagePage(c, { title: "redaction.currentTitle", body: "redaction.currentHint" }), 409);
      return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
    }
    return c.redirect(`${notePath(note)}/history`, 303);
  });
  return app;
}
