// Quality labels in the JSON API (docs/API.md, "Quality labels"): set (or vote
// for) a label, resolve it, answer it as the note's author, read the history.
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { answerLabel, labelHistory, labelNote, noteLabels, parseLabelInput, parseLabelName, removeLabel, type Labeller } from "../../domain/note-labels.ts";
import { canSeeNote, findNoteById } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { labelEventJson, labelJson } from "./label-json.ts";
import { noteIdOf } from "./reactions.ts";

function labeller(c: Context<AppEnv>): Labeller {
  const user = currentUser(c);
  return { actor: user.actor, isAdmin: user.isAdmin };
}

/** A DELETE's fields: the query string, or (as in the other routes) a JSON body. */
async function deleteFields(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const label = c.req.query("label");
  if (label != null) return { label, reason: c.req.query("reason") ?? null };
  return jsonBody(c);
}

export function noteLabelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notes/:id/labels", async (c) => {
    const { db } = c.get("services");
    const note = await findNoteById(db, await noteIdOf(c));
    if (!note || !(await canSeeNote(db, note, currentUser(c).actor.id))) throw new DomainError("not_found", "No such note");
    return c.json({ labels: (await noteLabels(db, note.id)).map(labelJson), history: (await labelHistory(db, note.id)).map(labelEventJson) });
  });

  app.post("/notes/:id/labels", async (c) => {
    const input = parseLabelInput(await jsonBody(c));
    const result = await labelNote(c.get("services"), labeller(c), await noteIdOf(c), input);
    const labels = result.labels.map(labelJson);
    // A member's vote that did not yet reach the community's threshold: accepted, nothing labelled yet.
    if (result.status === "voted") return c.json({ status: "voted", votes: result.votes, threshold: result.threshold, labels }, 202);
    return c.json({ status: "labelled", labels }, 201);
  });

  app.delete("/notes/:id/labels", async (c) => {
    const body = await deleteFields(c);
    const reason = body.reason == null ? null : typeof body.reason === "string" ? body.reason : null;
    const labels = await removeLabel(c.get("services"), labeller(c), await noteIdOf(c), parseLabelName(body.label), reason);
    return c.json({ labels: labels.map(labelJson) });
  });

  app.post("/notes/:id/labels/:label/answer", async (c) => {
    const body = await jsonBody(c);
    const labels = await answerLabel(c.get("services"), labeller(c), await noteIdOf(c), parseLabelName(c.req.param("label")), body.answer);
    return c.json({ labels: labels.map(labelJson) });
  });

  return app;
}
