// HTML pages of notes: the note itself (the federation middleware answers
// ActivityPub clients at the same URL first), its history, the index of
// public notes, tags, a person's notes, and the forms to write, edit and
// delete. Writing goes through the domain (note-writing.ts), which queues
// the federation; nothing here builds activities.
import { labelsOfNotes } from "../../domain/note-labels.ts";
import { defaultVisibilityOf, searchEnginesMayIndex } from "../../domain/privacy-choices.ts";
import { Hono, type Context } from "hono";
import { getLogger } from "@logtape/logtape";
import { localUsername } from "../../domain/accounts.ts";
import { findActorByHandle, findActorById, handleOf, hostOf, type ActorRow } from "../../domain/actors.ts";
import { citeNote, versionLabel } from "../../domain/citation.ts";
import { diffRevisions } from "../../domain/revision-diff.ts";
import { citationRecord, versionPath } from "../citations/note-citation.ts";
import type { CitationBlock } from "../views/citation-block.ts";
import { allowEnhancementScripts } from "../security-headers.ts";
import { DomainError } from "../../domain/errors.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { parseHandle } from "../../domain/handles.ts";
import { licenseByUri } from "../../domain/licenses.ts";
import { invitedAuthors } from "../../domain/coauthors.ts";
import { createNote, deleteNote, mayEditNote, updateNote, writtenSummary } from "../../domain/note-writing.ts";
import {
  canSeeNote,
  citedBy,
  findNoteById,
  findRevision,
  listPublicNotes,
  listRevisions,
  loadNoteDetails,
  noteAuthors,
  type NoteDetails,
  type NoteListFilter,
  type NoteRow,
} from "../../domain/notes.ts";
import { notebookUri } from "../../domain/paths.ts";
import { likeNote, participationOf, shareNote, unlikeNote, unshareNote } from "../../domain/reactions.ts";
import { countRead, isCountableView } from "../../domain/reads.ts";
import { redactionRole } from "../../domain/redaction.ts";
import { tagKey } from "../../domain/tags.ts";
import { csrfProtection } from "../csrf.ts";
import { discussionBackPath } from "../back-path.ts";
import { buildDiscussion, removedAnywhere } from "./discussion-tree.ts";
import { discussionFacts, replyStatusKey } from "./discussion-facts.ts";
import type { NoteDiscussion } from "../views/note-discussion.ts";
import type { AppEnv } from "../env.ts";
import { prefersActivityJson } from "../negotiation.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { isHttpUrl, viewContext, type ViewContext } from "../views/layout.ts";
import { renderMessagePage, type MessagePage } from "../views/message.ts";
import { notePage, notePath, type LanguageChoice, type LinkedNote, type NotebookRef } from "../views/note.ts";
import { FORM_FIELDS, noteFormPage, type AttachmentField, type NoteForm, type NotePreview } from "../views/note-form.ts";
import type { FieldError } from "../views/form-errors.ts";
import { renderMarkdown } from "../../domain/markdown.ts";
import { isDraft, isListed, isPubliclyReadable } from "../../domain/visibility.ts";
import { notebookChoices } from "../../domain/pickers.ts";
import { addToNotebookForm, draftBanner } from "../views/note-writing.ts";
import { pageUploadLimit } from "../page-uploads.ts";
import { attachmentsOf, formChoices, readSubmission, saveDescriptions } from "./note-submission.ts";
import { historyPage, revisionPage } from "../views/note-history.ts";
import { authorNotesPage, notesIndexPage, type ListedNote } from "../views/notes-index.ts";
import { tagPage } from "../views/tag.ts";

const logger = getLogger(["encommun", "http", "notes"]);

/** Notes a list page shows at once. */
export const NOTES_PER_PAGE = 20;
/** Versions the history compares with the one before (a diff each); older ones are opened one by one. */
export const DIFFS_PER_HISTORY = 20;

type MessageStatus = 403 | 404 | 410;

function message(c: Context<AppEnv>, status: MessageStatus, title: MessagePage["title"], body: MessagePage["title"]): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title, body }), status);
}

const notFound = (c: Context<AppEnv>) => message(c, 404, "error.notFoundTitle", "error.notFoundBody");
const gone = (c: Context<AppEnv>) => message(c, 410, "notes.goneTitle", "notes.goneBody");
const forbidden = (c: Context<AppEnv>) => message(c, 403, "notes.forbiddenTitle", "notes.forbiddenBody");

function viewerId(c: Context<AppEnv>): string | null {
  return c.get("user")?.actor.id ?? null;
}

/** The note at `:id` if this viewer may read it; otherwise the 404 or 410 page to answer with. */
export async function readableNote(c: Context<AppEnv>): Promise<NoteRow | Response> {
  const db = c.get("services").db;
  const note = await findNoteById(db, c.req.param("id") ?? "");
  if (!note) return notFound(c);
  if (note.deleted_at != null) return gone(c);
  // A restricted note is not acknowledged to those who may not read it.
  if (!(await canSeeNote(db, note, viewerId(c)))) return notFound(c);
  if (note.visibility !== "public" && note.visibility !== "unlisted") c.header("Cache-Control", "private");
  return note;
}

/** Linked notes by title when stored here and readable by the viewer, otherwise by their address. */
async function linkedNotes(c: Context<AppEnv>, uris: readonly string[]): Promise<LinkedNote[]> {
  if (uris.length === 0) return [];
  const db = c.get("services").db;
  const rows = await db
    .selectFrom("notes")
    .selectAll()
    .where((eb) => eb.or([eb("uri", "in", [...uris]), eb("url", "in", [...uris])]))
    .execute();
  const links: LinkedNote[] = [];
  for (const uri of uris) {
    const target = rows.find((n) => n.uri === uri || n.url === uri);
    if (target && (await canSeeNote(db, target, viewerId(c)))) {
      links.push({ href: target.is_local === 1 ? notePath(target) : isHttpUrl(target.url) ? target.url : target.uri, title: target.title });
    } else if (isHttpUrl(uri)) {
      links.push({ href: uri, title: null });
    }
  }
  return links;
}

/** The notebooks (carnets) that hold this note, here or elsewhere, with their size. */
async function notebooksOf(c: Context<AppEnv>, note: NoteRow): Promise<NotebookRef[]> {
  const { db, config } = c.get("services");
  const uris = [note.uri, ...(note.url && note.url !== note.uri ? [note.url] : [])];
  const notebooks = await db
    .selectFrom("notebook_items")
    .innerJoin("notebooks", "notebooks.id", "notebook_items.notebook_id")
    .select(["notebooks.id", "notebooks.uri", "notebooks.url", "notebooks.is_local", "notebooks.title"])
    .distinct()
    .where("notebook_items.note_uri", "in", uris)
    .where("notebooks.deleted_at", "is", null)
    .orderBy("notebooks.title")
    .execute();
  if (notebooks.length === 0) return [];
  const counts = await db
    .selectFrom("notebook_items")
    .select(["notebook_id", (eb) => eb.fn.countAll().as("n")])
    .where(
      "notebook_id",
      "in",
      notebooks.map((n) => n.id),
    )
    .groupBy("notebook_id")
    .execute();
  return notebooks.map((n) => ({
    href: n.is_local === 1 ? new URL(notebookUri(config.publicUrl, n.id)).pathname : isHttpUrl(n.url) ? n.url : n.uri,
    title: n.title,
    count: Number(counts.find((row) => row.notebook_id === n.id)?.n ?? 0),
  }));
}

async function listed(c: Context<AppEnv>, notes: readonly NoteRow[]): Promise<ListedNote[]> {
  const db = c.get("services").db;
  const labels = await labelsOfNotes(db, notes.map((n) => n.id));
  return Promise.all(notes.map(async (note) => ({ note, authors: await noteAuthors(db, note.id), labels: labels.get(note.id) ?? [] })));
}

/** A page of public notes and the link to the next one. */
async function notesPage(c: Context<AppEnv>, filter: Omit<NoteListFilter, "limit" | "cursor">, path: string) {
  const page = await listPublicNotes(c.get("services").db, { ...filter, limit: NOTES_PER_PAGE, cursor: c.req.query("cursor") || null, viewerId: viewerId(c) });
  return {
    items: await listed(c, page.items),
    nextHref: page.nextCursor ? `${path}?cursor=${encodeURIComponent(page.nextCursor)}` : null,
  };
}

/** The replies under a note as the viewer may see them, and where they answer it. */
async function discussionOf(c: Context<AppEnv>, note: NoteRow): Promise<NoteDiscussion> {
  const db = c.get("services").db;
  const viewer = viewerId(c);
  const root = await buildDiscussion(db, note, viewer, { removed: (ids) => removedAnywhere(db, ids), mayRead: (n) => canSeeNote(db, n, viewer) });
  const { participation, editable } = await discussionFacts(db, root, viewer);
  const threads = await db
    .selectFrom("community_posts")
    .innerJoin("actors", "actors.id", "community_posts.community_id")
    .select(["actors.username", "actors.name"])
    .where("community_posts.note_id", "=", note.id)
    .where("community_posts.is_thread", "=", 1)
    .where("community_posts.removed_at", "is", null)
    .where("actors.is_local", "=", 1)
    .execute();
  const path = notePath(note);
  return {
    root,
    context: { backPath: path, replyAction: c.get("user") && threads.length === 0 ? `${path}/reply` : null, participation, editable },
    threads: threads.map((t) => ({ href: `/c/${encodeURIComponent(t.username)}/t/${encodeURIComponent(note.id)}`, name: t.name || t.username })),
    signinHref: `/signin?next=${encodeURIComponent(path)}`,
  };
}

// ---------------------------------------------------------------------------
// Forms.

function actorRefOf(actor: ActorRow): string {
  return actor.is_local === 1 ? `@${actor.username}` : handleOf(actor);
}

function emptyForm(c: Context<AppEnv>, writer: ActorRow, visibility: string): NoteForm {
  const { config } = c.get("services");
  const form = Object.fromEntries(FORM_FIELDS.map((name) => [name, ""])) as Record<keyof NoteForm, string>;
  return { ...form, language: c.get("lang"), license: config.instance.defaultLicense, visibility, authors: actorRefOf(writer) };
}

/** The form of a stored note; `invited` (who has not answered yet) stay listed, so that saving keeps their invitation. */
function formOfDetails(details: NoteDetails, invited: readonly ActorRow[]): NoteForm {
  const { note } = details;
  const translation = details.translations[0];
  return {
    title: note.title,
    // A generated summary is left out: saved empty, it is generated again from the edited body.
    summary: writtenSummary(note.summary, note.content_source) ?? "",
    content: note.content_source ?? "",
    language: note.language ?? "fr",
    license: licenseByUri(note.license)?.id ?? "all-rights-reserved",
    visibility: note.draft_visibility ?? note.visibility,
    category: note.category ?? "",
    tags: details.tags.map((t) => t.name).join(", "),
    authors: [...details.authors, ...invited].map(actorRefOf).join("\n"),
    terms: details.terms.map((t) => (t.is_local === 1 ? t.slug : t.uri)).join("\n"),
    organizations: details.organizations.map(actorRefOf).join("\n"),
    links: details.links.join("\n"),
    translationLanguage: translation?.language ?? "",
    translationTitle: translation?.title ?? "",
    translationSummary: (translation && writtenSummary(translation.summary, translation.content_source)) ?? "",
    translationContent: translation?.content_source ?? "",
    // Each edit says what it is: the last one's summary is not offered again.
    editSummary: "",
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `@bob` and `bob` mean someone here; `@bob@server` and profile URLs are kept as typed. */
function actorRef(line: string, origin: URL): string {
  if (/^https?:\/\//i.test(line) || parseHandle(line)) return line;
  return `@${line.replace(/^@/, "")}@${hostOf(origin)}`;
}

/** The form as the domain's note input (`parseNoteInput` checks it and reports every problem). */
function inputOf(form: NoteForm, origin: URL, otherTranslations: Record<string, unknown>[] = []): Record<string, unknown> {
  const hasTranslation = [form.translationLanguage, form.translationTitle, form.translationSummary, form.translationContent].some((v) => v.trim() !== "");
  const translation = { language: form.translationLanguage, title: form.translationTitle, summary: form.translationSummary, content: form.translationContent };
  return {
    title: form.title,
    summary: form.summary,
    content: form.content,
    language: form.language,
    license: form.license,
    visibility: form.visibility,
    category: form.category,
    tags: form.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    authors: lines(form.authors).map((l) => actorRef(l, origin)),
    terms: form.terms
      .split(/[,\n]/)
      .map((t) => t.trim())
      .filter(Boolean),
    organizations: lines(form.organizations).map((l) => actorRef(l, origin)),
    links: lines(form.links),
    translations: [...(hasTranslation ? [translation] : []), ...otherTranslations],
    ...(form.editSummary.trim() ? { editSummary: form.editSummary } : {}),
  };
}

/** The note input's fields (note-input.ts) as the form's fields and labels. */
const NOTE_FIELDS: FieldMap = {
  title: { field: "title", label: "notes.formTitle" },
  summary: { field: "summary", label: "notes.formSummary" },
  content: { field: "content", label: "notes.formContent" },
  language: { field: "language", label: "notes.language" },
  license: { field: "license", label: "notes.licence" },
  visibility: { field: "visibility", label: "notes.visibility" },
  category: { field: "category", label: "notes.category" },
  tags: { field: "tags", label: "notes.tags" },
  authors: { field: "authors", label: "notes.formAuthors" },
  terms: { field: "terms", label: "notes.terms" },
  organizations: { field: "organizations", label: "notes.organizations" },
  links: { field: "links", label: "notes.links" },
  "translations.language": { field: "translationLanguage", label: "notes.formTranslationLanguage" },
  "translations.title": { field: "translationTitle", label: "notes.formTitle" },
  "translations.summary": { field: "translationSummary", label: "notes.formSummary" },
  "translations.content": { field: "translationContent", label: "notes.formContent" },
  editSummary: { field: "editSummary", label: "notes.formEditSummary" },
};

/** The status line after a save's redirect (`?saved=published`, `draft`, `notebook` or `1`), for those who may edit. */
function savedStatus(v: ViewContext, saved: string | undefined): string | null {
  if (saved === "published") return v.t("form.notePublished");
  if (saved === "draft") return v.t("writing.draftSaved");
  return saved === "1" ? v.t("form.noteSaved") : null;
}

interface FormState {
  readonly note: NoteRow | null;
  readonly form: NoteForm;
  readonly attachments: readonly AttachmentField[];
  readonly errors?: readonly FieldError[];
  readonly preview?: NotePreview | null;
  readonly status?: string | null;
}

/** The note form, with its pickers' suggestions and the upload progress script. */
async function formResponse(c: Context<AppEnv>, state: FormState, httpStatus: 200 | 400 | 409 | 413 | 415 = 200): Promise<Response> {
  allowEnhancementScripts(c);
  const page = noteFormPage(viewContext(c), {
    errors: [],
    ...state,
    choices: await formChoices(c),
    maxUploadBytes: c.get("services").config.maxUploadBytes,
  });
  return c.html(page, httpStatus);
}

/** The status line after "add to a notebook" (`?notebook=added`, or why not). */
function notebookOutcomeStatus(v: ViewContext, outcome: string | undefined): string | null {
  switch (outcome) {
    case "added":
      return v.t("writing.notebookAdded");
    case "already":
      return v.t("writing.notebookAlready");
    case "title":
      return v.t("writing.notebookTitleMissing");
    case "forbidden":
      return v.t("writing.notebookForbidden");
    case "refused":
      return v.t("writing.notebookRefused");
    default:
      return null;
  }
}

/** Shows a refused submission again, with what was typed and why; other errors go on. */
function refusal(c: Context<AppEnv>, error: unknown, note: NoteRow | null, form: NoteForm, attachments: readonly AttachmentField[]): Response | Promise<Response> {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "forbidden") return forbidden(c);
  if (error.code === "not_found") return notFound(c);
  if (error.code !== "invalid" && error.code !== "conflict") throw error;
  const v = viewContext(c);
  const errors = fieldErrorsOf(v, error.fields, NOTE_FIELDS, "title");
  return formResponse(c, { note, form, attachments, errors }, error.code === "conflict" ? 409 : 400);
}

/** The note as it would read: its body rendered and sanitized as on publication. */
function previewOf(form: NoteForm, base: string): NotePreview {
  return { title: form.title, summary: form.summary.trim() || null, contentHtml: renderMarkdown(form.content, { baseUrl: base }) };
}

/**
 * One submission of the note form. "Attach" and "Preview" show the form
 * again (a file is kept, nothing else is saved); "Save draft", "Publish" and
 * "Save" write the note. A refused file or a missing alt text saves nothing.
 */
async function submitNoteForm(c: Context<AppEnv>, details: NoteDetails | null): Promise<Response> {
  const services = c.get("services");
  const v = viewContext(c);
  const note = details?.note ?? null;
  const submission = await readSubmission(c, v, note);
  const { form, attachments, errors, action } = submission;
  if (errors.length > 0) return formResponse(c, { note, form, attachments, errors }, submission.fileStatus ?? 400);
  if (action === "attach" || action === "preview") {
    const preview = action === "preview" ? previewOf(form, note?.uri ?? services.config.publicUrl.href) : null;
    return formResponse(c, { note, form, attachments, preview, status: submission.attached ? v.t("writing.fileAttached") : null });
  }
  await saveDescriptions(c, attachments);
  // The form edits one translation; others (written through the API) are kept.
  const others = (details?.translations ?? [])
    .slice(1)
    .map((t) => ({ language: t.language, title: t.title, summary: writtenSummary(t.summary, t.content_source), content: t.content_source ?? "" }));
  const input = { ...inputOf(form, services.config.publicUrl, others), attachments: attachments.map((a) => a.media.id) };
  const me = signedInUser(c).actor;
  try {
    if (!details) {
      const created = await createNote(services, me, input, { draft: action === "draft" });
      return c.redirect(`${notePath(created.note)}?saved=${action === "draft" ? "draft" : "published"}`, 303);
    }
    const wasDraft = isDraft(details.note.visibility);
    await updateNote(services, me, details.note.id, input, { publish: action === "publish" });
    return c.redirect(`${notePath(details.note)}?saved=${!wasDraft ? "1" : action === "publish" ? "published" : "draft"}`, 303);
  } catch (error) {
    return refusal(c, error, note, form, attachments);
  }
}

/** The local note at `:id` the signed-in person may edit, or the page to answer with. */
async function editable(c: Context<AppEnv>): Promise<NoteDetails | Response> {
  const db = c.get("services").db;
  const note = await findNoteById(db, c.req.param("id") ?? "");
  if (!note) return notFound(c);
  if (note.deleted_at != null) return gone(c);
  const actorId = signedInUser(c).actor.id;
  const details = await loadNoteDetails(db, note);
  if (mayEditNote(details, actorId)) return details;
  return (await canSeeNote(db, note, actorId)) ? forbidden(c) : notFound(c);
}

export function notePageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notes", async (c) => {
    return c.html(notesIndexPage(viewContext(c), await notesPage(c, {}, "/notes")));
  });

  // Before `/notes/:id`, which would take "new" for an id.
  app.get("/notes/new", requireSignIn, async (c) => {
    const writer = signedInUser(c).actor;
    const visibility = await defaultVisibilityOf(c.get("services").db, writer.id);
    return formResponse(c, { note: null, form: emptyForm(c, writer, visibility), attachments: [] });
  });

  app.post("/notes/new", requireSignIn, pageUploadLimit, csrfProtection, (c) => submitNoteForm(c, null));

  app.get("/notes/:id", async (c) => {
    // An ActivityPub client here means the federation layer had nothing to answer.
    if (prefersActivityJson(c.req.header("accept"))) return notFound(c);
    c.header("Vary", "Accept");
    const note = await readableNote(c);
    if (note instanceof Response) return note;
    const { db, config } = c.get("services");
    // A reading is a browser's view of the page. It is counted on the side, not awaited: a database
    // that another process holds must not hold the page for a number (on an idle database the count is
    // written before the counts below are read, so they include this view).
    if (c.req.method === "GET" && isCountableView({ userAgent: c.req.header("user-agent"), purpose: c.req.header("sec-purpose") ?? c.req.header("purpose") })) {
      countRead(db, note.id).catch((error: unknown) => logger.warning("A reading of note {id} was not counted: {error}", { id: note.id, error }));
    }
    const v = viewContext(c);
    const details = await loadNoteDetails(db, note);
    const [links, citing, notebooks, participation] = await Promise.all([
      linkedNotes(c, details.links),
      citedBy(db, note),
      notebooksOf(c, note),
      participationOf(db, [note.id], viewerId(c)),
    ]);

    const path = notePath(note);
    const wanted = c.req.query("lang");
    const translation = wanted && wanted !== note.language ? details.translations.find((t) => t.language === wanted) : undefined;
    const shown = translation
      ? { language: translation.language, title: translation.title, summary: translation.summary, contentHtml: translation.content_html }
      : { language: note.language, title: note.title, summary: note.summary, contentHtml: note.content_html };
    const languages: LanguageChoice[] =
      details.translations.length === 0
        ? []
        : [
            { code: note.language ?? "und", href: path, current: !translation, original: true },
            ...details.translations.map((t) => ({
              code: t.language,
              href: `${path}?lang=${encodeURIComponent(t.language)}`,
              current: t.language === translation?.language,
              original: false,
            })),
          ];
    const citation = citeNote(citationRecord(config, details, { title: shown.title, language: v.lang, consulted: new Date() }));
    // The citation's copy button.
    allowEnhancementScripts(c);
    const canEdit = mayEditNote(details, viewerId(c));
    const discussion = await discussionOf(c, note);
    // Said to the person who just edited or deleted a reply (a visitor's copy of the address says nothing).
    const replyStatus = c.get("user") ? replyStatusKey(c.req.query("reply")) : null;
    const me = c.get("user")?.actor ?? null;
    // Any reader who is signed in may file a note anyone may read into a notebook of theirs.
    const addToNotebook = me && isPubliclyReadable(note.visibility) ? addToNotebookForm(v, note, await notebookChoices(db, me.id)) : null;
    const notebookStatus = me ? notebookOutcomeStatus(v, c.req.query("notebook")) : null;
    return c.html(
      notePage(v, {
        details,
        shown,
        languages,
        links,
        citedBy: citing.filter((n) => n.id !== note.id),
        notebooks,
        canEdit,
        invited: canEdit ? await invitedAuthors(db, note.id) : [],
        citation,
        participation: participation.get(note.id)!,
        noindex: !isListed(note.visibility) || !(await searchEnginesMayIndex(db, details.authors)),
        discussion,
        status: replyStatus ? v.t(replyStatus) : (notebookStatus ?? (canEdit ? savedStatus(v, c.req.query("saved")) : null)),
        draftBanner: canEdit && isDraft(note.visibility) ? draftBanner(v, note) : null,
        addToNotebook,
      }),
    );
  });

  // Light participation: the like and share buttons of the note page (`undo=1` takes it back).
  for (const [action, act, undo] of [["like", likeNote, unlikeNote], ["share", shareNote, unshareNote]] as const) {
    app.post(`/notes/:id/${action}`, requireSignIn, csrfProtection, async (c) => {
      const note = await readableNote(c);
      if (note instanceof Response) return note;
      const me = signedInUser(c).actor;
      const body = await c.req.parseBody();
      try {
        if (body.undo === "1") await undo(c.get("services"), me, note.id);
        else await act(c.get("services"), me, note.id);
      } catch (error) {
        if (error instanceof DomainError && error.code === "forbidden") return forbidden(c);
        throw error;
      }
      // From a discussion (a thread, or the replies on a note's page): back to the post liked.
      const back = discussionBackPath(body.back);
      return c.redirect(back ? `${back}#post-${note.id}` : `${notePath(note)}#participation`, 303);
    });
  }

  app.get("/notes/:id/history", async (c) => {
    const note = await readableNote(c);
    if (note instanceof Response) return note;
    const db = c.get("services").db;
    const revisions = await listRevisions(db, note.id);
    const editors = new Map<string, ActorRow | undefined>();
    for (const r of revisions) if (r.editor_id && !editors.has(r.editor_id)) editors.set(r.editor_id, await findActorById(db, r.editor_id));
    // Newest first: each is compared with the one after it in the list, up to a bound (older ones are opened one by one).
    const entries = revisions.map((revision, i) => ({
      revision,
      editor: (revision.editor_id && editors.get(revision.editor_id)) || null,
      diff: i < DIFFS_PER_HISTORY ? diffRevisions(revisions[i + 1] ?? null, revision) : null,
    }));
    const user = c.get("user");
    const canRedact = user != null && (await redactionRole(db, user, note.id)) != null;
    return c.html(historyPage(viewContext(c), { note, entries, canRedact }));
  });

  app.get("/notes/:id/history/:number{[0-9]{1,9}}", async (c) => {
    const note = await readableNote(c);
    if (note instanceof Response) return note;
    const db = c.get("services").db;
    const revision = await findRevision(db, note.id, Number(c.req.param("number")));
    if (!revision) return notFound(c);
    const editor = (revision.editor_id && (await findActorById(db, revision.editor_id))) || null;
    // Old versions stay readable, but search engines should index the note itself.
    c.header("X-Robots-Tag", "noindex");
    const v = viewContext(c);
    let citation: CitationBlock | null = null;
    if (revision.redacted_at == null) {
      const record = citationRecord(c.get("services").config, await loadNoteDetails(db, note), { title: revision.title, language: v.lang, consulted: new Date(), revision });
      citation = { apa: citeNote(record), basePath: versionPath(note, revision.number), version: versionLabel(record.version!, v.lang) };
      allowEnhancementScripts(c);
    }
    return c.html(revisionPage(v, { note, revision, editor, citation }));
  });

  app.get("/notes/:id/edit", requireSignIn, async (c) => {
    const details = await editable(c);
    if (details instanceof Response) return details;
    const invited = await invitedAuthors(c.get("services").db, details.note.id);
    return formResponse(c, { note: details.note, form: formOfDetails(details, invited), attachments: attachmentsOf(details.media) });
  });

  app.post("/notes/:id/edit", requireSignIn, pageUploadLimit, csrfProtection, async (c) => {
    const details = await editable(c);
    if (details instanceof Response) return details;
    return submitNoteForm(c, details);
  });

  app.post("/notes/:id/delete", requireSignIn, csrfProtection, async (c) => {
    const details = await editable(c);
    if (details instanceof Response) return details;
    await deleteNote(c.get("services"), signedInUser(c).actor, details.note.id);
    return c.html(renderMessagePage(c, { title: "notes.goneTitle", body: "notes.goneBody" }));
  });

  app.get("/tags/:key", async (c) => {
    const key = tagKey(c.req.param("key"));
    if (!key) return notFound(c);
    const db = c.get("services").db;
    const spelled = await db
      .selectFrom("note_tags")
      .innerJoin("notes", "notes.id", "note_tags.note_id")
      .select("note_tags.name")
      .where("note_tags.key", "=", key)
      .where("notes.visibility", "=", "public")
      .where("notes.deleted_at", "is", null)
      .orderBy("notes.published_at")
      .executeTakeFirst();
    const page = await notesPage(c, { tagKey: key }, `/tags/${encodeURIComponent(key)}`);
    return c.html(tagPage(viewContext(c), { ...page, key, name: spelled?.name ?? key }));
  });

  // A person's public notes; their profile (owned by the profile pages) can link here.
  app.get("/:handle{@[^/]+}/notes", async (c) => {
    const { db, config } = c.get("services");
    const username = localUsername(c.req.param("handle"), config.publicUrl);
    const author = username == null ? undefined : await findActorByHandle(db, username, hostOf(config.publicUrl));
    if (!author || author.is_local !== 1 || author.type === "Application" || author.deleted_at != null) return notFound(c);
    const page = await notesPage(c, { authorId: author.id }, `/@${author.username}/notes`);
    // The list of a member's notes is one of their pages: their choice about search engines holds.
    return c.html(authorNotesPage(viewContext(c), { ...page, author, noindex: !(await searchEnginesMayIndex(db, [author])) }));
  });

  return app;
}
