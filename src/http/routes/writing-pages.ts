// The pages around writing (issue 12, "writing without fear"): the member's
// drafts, publishing a draft from its page, putting a note into a notebook
// from the note page, and creating an organization. Writing itself goes
// through the domain, which queues the federation.
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { addItem, createNotebook, NOTEBOOK_LIMITS } from "../../domain/notebooks.ts";
import { mayEditNote, updateNote } from "../../domain/note-writing.ts";
import { canSeeNote, findNoteById, loadNoteDetails, type NoteRow } from "../../domain/notes.ts";
import { createOrganization } from "../../domain/organizations.ts";
import { isDraft, isPubliclyReadable } from "../../domain/visibility.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { draftsPage } from "../views/drafts.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { notePath } from "../views/note.ts";
import { NEW_NOTEBOOK } from "../views/note-writing.ts";
import { EMPTY_ORGANIZATION_FORM, organizationFormPage, type OrganizationForm } from "../views/organization-form.ts";

/** Drafts a member sees at once (a list of work in progress, not an archive). */
export const DRAFTS_SHOWN = 100;

const ORGANIZATION_FIELDS: FieldMap = {
  handle: { field: "handle", label: "writing.organizationHandle" },
  name: { field: "name", label: "writing.organizationName" },
  summary: { field: "summary", label: "writing.organizationSummary" },
};

function notFound(c: Context<AppEnv>) {
  return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
}

/** The live note at `:id` the signed-in member may read, or null. */
async function readable(c: Context<AppEnv>): Promise<NoteRow | null> {
  const db = c.get("services").db;
  const note = await findNoteById(db, c.req.param("id") ?? "");
  if (!note || note.deleted_at != null) return null;
  return (await canSeeNote(db, note, signedInUser(c).actor.id)) ? note : null;
}

/** The drafts a member wrote or co-signs, newest change first. */
async function draftsOf(c: Context<AppEnv>): Promise<NoteRow[]> {
  const me = signedInUser(c).actor.id;
  return c
    .get("services")
    .db.selectFrom("notes")
    .selectAll()
    .where("visibility", "=", "draft")
    .where("is_local", "=", 1)
    .where("deleted_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("brought_in_by", "=", me),
        eb.exists(eb.selectFrom("note_authors").select("note_id").whereRef("note_authors.note_id", "=", "notes.id").where("note_authors.actor_id", "=", me)),
      ]),
    )
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(DRAFTS_SHOWN)
    .execute();
}

/** Why adding to a notebook failed, as the `notebook=` of the note page's address. */
function notebookOutcome(error: unknown): string {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "conflict") return "already";
  if (error.code === "forbidden" || error.code === "not_found") return "forbidden";
  return "refused";
}

export function writingPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/drafts", requireSignIn, async (c) => {
    c.header("Cache-Control", "private, no-store");
    return c.html(draftsPage(viewContext(c), await draftsOf(c)));
  });

  // Publishing a draft as it stands (its page's button; the form's "Publish" edits and publishes at once).
  app.post("/notes/:id/publish", requireSignIn, csrfProtection, async (c) => {
    const note = await readable(c);
    if (!note) return notFound(c);
    const me = signedInUser(c).actor;
    const details = await loadNoteDetails(c.get("services").db, note);
    if (!mayEditNote(details, me.id)) return c.html(renderMessagePage(c, { title: "notes.forbiddenTitle", body: "notes.forbiddenBody" }), 403);
    if (!isDraft(note.visibility)) return c.redirect(notePath(note), 303);
    await updateNote(c.get("services"), me, note.id, {}, { publish: true });
    return c.redirect(`${notePath(note)}?saved=published`, 303);
  });

  // "Add to a notebook" from the note page: one of the member's notebooks, or a new one named here.
  app.post("/notes/:id/notebooks", requireSignIn, csrfProtection, async (c) => {
    const note = await readable(c);
    if (!note) return notFound(c);
    const back = (outcome: string) => c.redirect(`${notePath(note)}?notebook=${outcome}#add-to-notebook`, 303);
    // A notebook is public: only notes anyone may read go in (resolveNoteRef says so too).
    if (!isPubliclyReadable(note.visibility)) return back("refused");
    const services = c.get("services");
    const me = signedInUser(c).actor;
    const body = await c.req.parseBody();
    let notebookId = field(body, "notebook");
    try {
      if (notebookId === NEW_NOTEBOOK || notebookId === "") {
        const title = field(body, "title").trim();
        if (!title || title.length > NOTEBOOK_LIMITS.title) return back("title");
        notebookId = (await createNotebook(services, me, { title })).id;
      }
      await addItem(services, me, notebookId, { note: note.uri });
    } catch (error) {
      return back(notebookOutcome(error));
    }
    return back("added");
  });

  app.get("/organizations/new", requireSignIn, (c) => c.html(organizationFormPage(viewContext(c), { form: EMPTY_ORGANIZATION_FORM, errors: [] })));

  app.post("/organizations/new", requireSignIn, csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const form: OrganizationForm = { handle: field(body, "handle").trim().replace(/^@/, ""), name: field(body, "name"), summary: field(body, "summary").replace(/\r\n?/g, "\n") };
    try {
      const organization = await createOrganization(c.get("services"), signedInUser(c).actor, {
        username: form.handle,
        name: form.name.trim() || null,
        summary: form.summary.trim() || null,
      });
      return c.redirect(`/organizations/${organization.username}?saved=created`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== "invalid" && error.code !== "conflict")) throw error;
      const v = viewContext(c);
      return c.html(organizationFormPage(v, { form, errors: fieldErrorsOf(v, error.fields, ORGANIZATION_FIELDS, "handle") }), error.code === "conflict" ? 409 : 400);
    }
  });

  return app;
}
