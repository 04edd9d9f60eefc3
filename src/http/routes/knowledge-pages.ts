// Pages of the shared knowledge: notebooks, the lexicon and organizations,
// with the simple forms curators and members use. The federation middleware
// answers ActivityPub clients at /notebooks/:id and /terms/:slug first; these
// routes serve browsers. The domain decides who may change what; a refusal
// becomes a short page with its (safe) message.
import { Hono, type Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ActorRow } from "../../domain/actors.ts";
import { DomainError, HTTP_STATUS } from "../../domain/errors.ts";
import {
  addItem,
  createNotebook,
  createSection,
  deleteNotebook,
  deleteSection,
  findNotebook,
  isCurator,
  listNotebooks,
  loadNotebook,
  moveItem,
  removeItem,
  requireNotebook,
  updateNotebook,
  updateSection,
} from "../../domain/notebooks.ts";
import { listPublicNotes, type NoteRow } from "../../domain/notes.ts";
import { findLocalOrganization, listOrganizations, organizationMembers } from "../../domain/organizations.ts";
import { createTerm, deleteTerm, findLocalTerm, listTerms, listTermsPage, searchTerms, termLabel, updateTerm, type Term, type TermInput } from "../../domain/terms.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field } from "../forms.ts";
import { prefersActivityJson } from "../negotiation.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { notebookEditPage, notebookPage, notebooksIndexPage, type ListedNote } from "../views/notebook.ts";
import { organizationPage } from "../views/organization.ts";
import { organizationsIndexPage } from "../views/organizations-index.ts";
import { EMPTY_TERM_FORM, termEditPage, termFormOf, termPage, type TermForm } from "../views/term.ts";
import { confirmPage } from "../views/confirm.ts";
import { termsIndexPage } from "../views/terms-index.ts";
import { refusalPage, refusalText } from "../refusal-text.ts";
import { interestSuggestions } from "../../domain/interests.ts";

export const KNOWLEDGE_PAGE_SIZE = 30;
const NOTES_PER_PAGE = 20;

/** Public notes with their authors, in two queries. */
async function withAuthors(db: Kysely<Database>, notes: readonly NoteRow[]): Promise<ListedNote[]> {
  if (notes.length === 0) return [];
  const rows = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .selectAll("actors")
    .select("note_authors.note_id")
    .where(
      "note_authors.note_id",
      "in",
      notes.map((n) => n.id),
    )
    .orderBy("note_authors.position")
    .execute();
  return notes.map((note) => ({ note, authors: rows.filter((r) => r.note_id === note.id).map(({ note_id: _, ...actor }): ActorRow => actor) }));
}

function refused(c: Context<AppEnv>, error: unknown): Response | Promise<Response> {
  if (!(error instanceof DomainError)) throw error;
  return refusalPage(c, error);
}

/** Runs a form's change, then sends the browser on (303), or shows why it was refused. */
async function formAction(c: Context<AppEnv>, change: (form: Record<string, unknown>) => Promise<string>): Promise<Response> {
  try {
    const to = await change(await c.req.parseBody());
    return c.redirect(to, 303);
  } catch (error) {
    return refused(c, error);
  }
}

/** Browsers only: an ActivityPub client reaching here means federation had nothing to answer. */
function forActivityClient(c: Context<AppEnv>): boolean {
  return prefersActivityJson(c.req.header("accept"));
}

function notebookPageRoutes(app: Hono<AppEnv>): void {
  app.get("/notebooks", async (c) => {
    const page = await listNotebooks(c.get("services").db, { limit: KNOWLEDGE_PAGE_SIZE, cursor: c.req.query("cursor") ?? null });
    const suggestions = c.get("user") ? await interestSuggestions(c.get("services").db) : [];
    return c.html(notebooksIndexPage(viewContext(c), { notebooks: page.items, nextCursor: page.nextCursor, suggestions }));
  });

  app.post("/notebooks", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      const notebook = await createNotebook(c.get("services"), signedInUser(c).actor, {
        title: field(form, "title"),
        summary: field(form, "summary"),
        coverUrl: field(form, "coverUrl"),
        tags: field(form, "tags"),
      });
      return `/notebooks/${notebook.id}`;
    }),
  );

  app.get("/notebooks/:id", async (c) => {
    if (forActivityClient(c)) return c.notFound();
    const db = c.get("services").db;
    const notebook = await findNotebook(db, c.req.param("id"));
    if (!notebook || notebook.is_local !== 1) return c.notFound();
    if (notebook.deleted_at != null) return c.html(renderMessagePage(c, { title: "notebook.deletedTitle", body: "notebook.deletedBody" }), 410);
    const user = c.get("user");
    const canEdit = user != null && (await isCurator(db, notebook.id, user.actor.id));
    return c.html(notebookPage(viewContext(c), { view: await loadNotebook(db, notebook), canEdit }));
  });

  app.get("/notebooks/:id/edit", requireSignIn, async (c) => {
    const db = c.get("services").db;
    try {
      const notebook = await requireNotebook(db, c.req.param("id"));
      if (!(await isCurator(db, notebook.id, signedInUser(c).actor.id))) throw new DomainError("forbidden", "Only the notebook's curators may change it");
      return c.html(notebookEditPage(viewContext(c), await loadNotebook(db, notebook), await interestSuggestions(db)));
    } catch (error) {
      return refused(c, error);
    }
  });

  const base = (c: Context<AppEnv>) => `/notebooks/${c.req.param("id")}`;

  app.post("/notebooks/:id/edit", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      await updateNotebook(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", {
        title: field(form, "title"),
        summary: field(form, "summary"),
        coverUrl: field(form, "coverUrl"),
        tags: field(form, "tags"),
      });
      return base(c);
    }),
  );

  app.post("/notebooks/:id/delete", csrfProtection, requireSignIn, (c) =>
    formAction(c, async () => {
      await deleteNotebook(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "");
      return "/notebooks";
    }),
  );

  app.post("/notebooks/:id/items", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      const item = await addItem(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", {
        note: field(form, "note"),
        section: field(form, "section") || null,
      });
      return `${base(c)}#item-${item.id}`;
    }),
  );

  app.post("/notebooks/:id/items/:itemId/move", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      const position = Number(field(form, "position"));
      const item = await moveItem(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", c.req.param("itemId") ?? "", {
        position: Number.isInteger(position) ? position : -1,
      });
      return `${base(c)}#item-${item.id}`;
    }),
  );

  app.post("/notebooks/:id/items/:itemId/remove", csrfProtection, requireSignIn, (c) =>
    formAction(c, async () => {
      await removeItem(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", c.req.param("itemId") ?? "");
      return base(c);
    }),
  );

  app.post("/notebooks/:id/sections", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      await createSection(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", { title: field(form, "title") });
      return `${base(c)}/edit`;
    }),
  );

  app.post("/notebooks/:id/sections/:sectionId/edit", csrfProtection, requireSignIn, (c) =>
    formAction(c, async (form) => {
      await updateSection(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", c.req.param("sectionId") ?? "", { title: field(form, "title") });
      return `${base(c)}/edit`;
    }),
  );

  app.post("/notebooks/:id/sections/:sectionId/delete", csrfProtection, requireSignIn, (c) =>
    formAction(c, async () => {
      await deleteSection(c.get("services"), signedInUser(c).actor, c.req.param("id") ?? "", c.req.param("sectionId") ?? "");
      return `${base(c)}/edit`;
    }),
  );
}

function termFormFrom(form: Record<string, unknown>): TermForm {
  return {
    labelFr: field(form, "labelFr"),
    labelEn: field(form, "labelEn"),
    definitionFr: field(form, "definitionFr"),
    definitionEn: field(form, "definitionEn"),
    aliases: field(form, "aliases"),
  };
}

function termInputOf(form: TermForm): TermInput {
  // Line breaks are kept: the definition is shown with them.
  const text = (value: string) => value.replace(/\r\n/g, "\n").trim() || null;
  return {
    labelFr: text(form.labelFr),
    labelEn: text(form.labelEn),
    definitionFr: text(form.definitionFr),
    definitionEn: text(form.definitionEn),
    aliases: [...new Set(form.aliases.split(",").map((a) => a.trim()).filter(Boolean))],
  };
}

/** A live local term, or the page that says why not (404, or 410 for a deleted one). */
async function termOrPage(c: Context<AppEnv>): Promise<Term | Response> {
  const db = c.get("services").db;
  const slug = c.req.param("slug") ?? "";
  const term = await findLocalTerm(db, slug);
  if (term) return term;
  const deleted = await db.selectFrom("terms").select("id").where("is_local", "=", 1).where("slug", "=", slug).executeTakeFirst();
  if (deleted) return c.html(renderMessagePage(c, { title: "term.deletedTitle", body: "term.deletedBody" }), 410);
  return c.notFound();
}

/** Terms on one page of the lexicon's index; the next ones are a "next" link away. */
const TERMS_PER_PAGE = 200;

function termPageRoutes(app: Hono<AppEnv>): void {
  app.get("/terms", async (c) => {
    const db = c.get("services").db;
    const q = c.req.query("q")?.trim().slice(0, 200);
    if (q) return c.html(termsIndexPage(viewContext(c), { terms: await searchTerms(db, q, 100), query: q, nextCursor: null, form: EMPTY_TERM_FORM, error: null }));
    const page = await listTermsPage(db, { limit: TERMS_PER_PAGE, cursor: c.req.query("cursor") ?? null });
    return c.html(termsIndexPage(viewContext(c), { terms: page.items, query: null, nextCursor: page.nextCursor, form: EMPTY_TERM_FORM, error: null }));
  });

  app.post("/terms", csrfProtection, requireSignIn, async (c) => {
    const form = termFormFrom(await c.req.parseBody());
    try {
      const term = await createTerm(c.get("services").db, c.get("services").config.publicUrl, termInputOf(form));
      return c.redirect(`/terms/${term.slug}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = await listTermsPage(c.get("services").db, { limit: TERMS_PER_PAGE });
      return c.html(termsIndexPage(viewContext(c), { terms: page.items, query: null, nextCursor: page.nextCursor, form, error: refusalText(viewContext(c), error) }), HTTP_STATUS[error.code]);
    }
  });

  app.get("/terms/:slug", async (c) => {
    if (forActivityClient(c)) return c.notFound();
    const term = await termOrPage(c);
    if (term instanceof Response) return term;
    const db = c.get("services").db;
    const page = await listPublicNotes(db, { termId: term.id, limit: NOTES_PER_PAGE, cursor: c.req.query("cursor") ?? null });
    const user = c.get("user");
    return c.html(
      termPage(viewContext(c), {
        term,
        notes: await withAuthors(db, page.items),
        nextCursor: page.nextCursor,
        canEdit: user != null,
        canDelete: user?.isAdmin === true,
      }),
    );
  });

  app.get("/terms/:slug/edit", requireSignIn, async (c) => {
    const term = await termOrPage(c);
    if (term instanceof Response) return term;
    return c.html(termEditPage(viewContext(c), { term, form: termFormOf(term), error: null }));
  });

  app.post("/terms/:slug/edit", csrfProtection, requireSignIn, async (c) => {
    const term = await termOrPage(c);
    if (term instanceof Response) return term;
    const form = termFormFrom(await c.req.parseBody());
    try {
      await updateTerm(c.get("services").db, term, termInputOf(form));
      return c.redirect(`/terms/${term.slug}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(termEditPage(viewContext(c), { term, form, error: refusalText(viewContext(c), error) }), HTTP_STATUS[error.code]);
    }
  });

  // The delete button leads here first: the consequences, then the real POST.
  app.get("/terms/:slug/delete", requireSignIn, async (c) => {
    const term = await termOrPage(c);
    if (term instanceof Response) return term;
    if (!signedInUser(c).isAdmin) return c.html(renderMessagePage(c, { title: "error.actionTitle", body: "term.deleteAdminsOnly" }), 403);
    const v = viewContext(c);
    return c.html(
      confirmPage(v, {
        title: v.t("term.deleteConfirmTitle", { label: termLabel(term, v.lang) }),
        consequences: v.t("term.deleteConfirmBody"),
        action: `/terms/${term.slug}/delete`,
        submit: v.t("term.deleteConfirmSubmit"),
        cancel: `/terms/${term.slug}`,
      }),
    );
  });

  app.post("/terms/:slug/delete", csrfProtection, requireSignIn, async (c) => {
    const term = await termOrPage(c);
    if (term instanceof Response) return term;
    return formAction(c, async () => {
      await deleteTerm(c.get("services").db, term, signedInUser(c));
      return "/terms";
    });
  });
}

function organizationPageRoutes(app: Hono<AppEnv>): void {
  app.get("/organizations", async (c) => {
    const page = await listOrganizations(c.get("services").db, { limit: KNOWLEDGE_PAGE_SIZE, cursor: c.req.query("cursor") ?? null });
    return c.html(organizationsIndexPage(viewContext(c), { organizations: page.items, nextCursor: page.nextCursor }));
  });

  app.get("/organizations/:handle", async (c) => {
    const { db, config } = c.get("services");
    const organization = await findLocalOrganization(db, config.publicUrl, c.req.param("handle"));
    if (!organization) return c.notFound();
    if (forActivityClient(c)) {
      c.header("Vary", "Accept");
      return c.redirect(organization.uri, 302);
    }
    const [members, page] = await Promise.all([
      organizationMembers(db, organization.id),
      listPublicNotes(db, { organizationId: organization.id, limit: NOTES_PER_PAGE, cursor: c.req.query("cursor") ?? null }),
    ]);
    const v = viewContext(c);
    // Said to its admins after a form's redirect (writing-pages.ts creates, organization-edit-pages.ts edits).
    const isAdmin = v.user != null && members.some((m) => m.role === "admin" && m.actor.id === v.user!.actor.id);
    const saved = c.req.query("saved");
    const status = !isAdmin ? null : saved === "created" ? v.t("writing.organizationCreated") : saved === "updated" ? v.t("organization.updated") : null;
    return c.html(organizationPage(v, { organization, members, notes: await withAuthors(db, page.items), nextCursor: page.nextCursor, status, isAdmin }));
  });
}

/** The knowledge pages, to mount at `/` after the session and language middlewares. */
export function knowledgePageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  notebookPageRoutes(app);
  termPageRoutes(app);
  organizationPageRoutes(app);
  return app;
}
