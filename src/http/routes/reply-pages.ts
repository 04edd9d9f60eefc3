// Replying under a note from its page, and editing and deleting one's own
// reply from the discussion pages (a
// community's thread, a note's replies). Both go through the domain
// (updateNote, deleteNote), which records the revision and queues the
// federation's Update or Delete, exactly as for a note edited through the
// API. Deleting asks first, on a page of its own (no JavaScript needed).
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { communitiesOfNote } from "../../domain/communities.ts";
import { createNote, deleteNote, mayEditNote, updateNote } from "../../domain/note-writing.ts";
import { canSeeNote, findNoteById, findNoteByUri, loadNoteDetails, type NoteRow } from "../../domain/notes.ts";
import { descendants } from "../../domain/threads.ts";
import { removedAnywhere } from "./discussion-tree.ts";
import { readableNote } from "./note-pages.ts";
import { discussionBackPath } from "../back-path.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { confirmPage } from "../views/confirm.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { notePath } from "../views/note.ts";
import { replyEditPage } from "../views/reply-edit.ts";

const REPLY_FIELDS: FieldMap = {
  content: { field: "content", label: "replies.content" },
  editSummary: { field: "editSummary", label: "notes.formEditSummary" },
};

/** The reply at `:id` the signed-in person may change, or the page to answer with. */
async function ownReply(c: Context<AppEnv>): Promise<NoteRow | Response> {
  const db = c.get("services").db;
  const me = signedInUser(c).actor;
  const note = await findNoteById(db, c.req.param("id") ?? "");
  if (!note || note.in_reply_to_uri == null) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
  if (note.deleted_at != null) return c.html(renderMessagePage(c, { title: "notes.goneTitle", body: "notes.goneBody" }), 410);
  const details = await loadNoteDetails(db, note);
  if (mayEditNote(details, me.id)) return note;
  // Someone else's reply: refused if they can read it, not acknowledged otherwise.
  return (await canSeeNote(db, note, me.id))
    ? c.html(renderMessagePage(c, { title: "notes.forbiddenTitle", body: "notes.forbiddenBody" }), 403)
    : c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
}

/** The discussion the person came from, or the reply's own page. */
function backOf(c: Context<AppEnv>, reply: NoteRow): string {
  return discussionBackPath(c.req.query("back")) ?? notePath(reply);
}

function withStatus(path: string, status: "saved" | "deleted", anchor: string): string {
  return `${path}?reply=${status}#${anchor}`;
}

export function replyPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Replying under a note (its page's discussion); a community thread is answered on its own page.
  app.post("/notes/:id/reply", requireSignIn, csrfProtection, async (c) => {
    const note = await readableNote(c);
    if (note instanceof Response) return note;
    const services = c.get("services");
    const me = signedInUser(c).actor;
    if ((await communitiesOfNote(services.db, note.id)).some((p) => p.isThread)) {
      return c.html(renderMessagePage(c, { title: "notes.forbiddenTitle", body: "notes.forbiddenBody" }), 403);
    }
    const body = await c.req.parseBody();
    // Only the note or a reply under it that the person may read can be answered here.
    const parentUri = field(body, "parent") || note.uri;
    if (parentUri !== note.uri) {
      const parent = (await descendants(services.db, note)).find((n) => n.uri === parentUri);
      if (!parent || parent.deleted_at != null || !(await canSeeNote(services.db, parent, me.id)) || (await removedAnywhere(services.db, [parent.id])).size > 0) {
        return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
      }
    }
    try {
      const details = await createNote(services, me, { inReplyTo: parentUri, content: field(body, "content").replace(/\r\n?/g, "\n"), language: c.get("lang") });
      return c.redirect(`${notePath(note)}#post-${details.note.id}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === "forbidden") return c.html(renderMessagePage(c, { title: "notes.forbiddenTitle", body: "notes.forbiddenBody" }), 403);
      if (error.code !== "invalid") throw error;
      const v = viewContext(c);
      const text = fieldErrorsOf(v, error.fields, REPLY_FIELDS, "content").map((e) => e.message).join(" ");
      return c.html(renderMessagePage(c, { title: "error.actionTitle", body: { text } }), 400);
    }
  });

  app.get("/replies/:id/edit", requireSignIn, async (c) => {
    const reply = await ownReply(c);
    if (reply instanceof Response) return reply;
    const back = backOf(c, reply);
    return c.html(
      replyEditPage(viewContext(c), {
        action: `/replies/${encodeURIComponent(reply.id)}/edit?back=${encodeURIComponent(back)}`,
        cancel: `${back}#post-${reply.id}`,
        content: reply.content_source ?? "",
        editSummary: "",
        errors: [],
      }),
    );
  });

  app.post("/replies/:id/edit", requireSignIn, csrfProtection, async (c) => {
    const reply = await ownReply(c);
    if (reply instanceof Response) return reply;
    const back = backOf(c, reply);
    const body = await c.req.parseBody();
    const content = field(body, "content").replace(/\r\n?/g, "\n");
    const editSummary = field(body, "editSummary");
    try {
      await updateNote(c.get("services"), signedInUser(c).actor, reply.id, { content, ...(editSummary.trim() ? { editSummary } : {}) });
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== "invalid" && error.code !== "conflict")) throw error;
      const v = viewContext(c);
      return c.html(
        replyEditPage(v, {
          action: `/replies/${encodeURIComponent(reply.id)}/edit?back=${encodeURIComponent(back)}`,
          cancel: `${back}#post-${reply.id}`,
          content,
          editSummary,
          errors: fieldErrorsOf(v, error.fields, REPLY_FIELDS, "content"),
        }),
        error.code === "conflict" ? 409 : 400,
      );
    }
    return c.redirect(withStatus(back, "saved", `post-${reply.id}`), 303);
  });

  app.get("/replies/:id/delete", requireSignIn, async (c) => {
    const reply = await ownReply(c);
    if (reply instanceof Response) return reply;
    const back = backOf(c, reply);
    const v = viewContext(c);
    return c.html(
      confirmPage(v, {
        title: v.t("replies.deleteTitle"),
        consequences: v.t("replies.deleteConsequences"),
        action: `/replies/${encodeURIComponent(reply.id)}/delete?back=${encodeURIComponent(back)}`,
        submit: v.t("replies.deleteSubmit"),
        cancel: `${back}#post-${reply.id}`,
      }),
    );
  });

  app.post("/replies/:id/delete", requireSignIn, csrfProtection, async (c) => {
    const reply = await ownReply(c);
    if (reply instanceof Response) return reply;
    const db = c.get("services").db;
    await deleteNote(c.get("services"), signedInUser(c).actor, reply.id);
    // Without a discussion to come back to, the reply's own page is gone: its parent's, when it is here.
    const parent = await findNoteByUri(db, reply.in_reply_to_uri!);
    const back = discussionBackPath(c.req.query("back")) ?? (parent ? notePath(parent) : "/");
    return c.redirect(withStatus(back, "deleted", "replies"), 303);
  });

  return app;
}
