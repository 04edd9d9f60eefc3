// Writing and editing a note in the browser: every field of the API, as
// text fields a person can fill without knowing the JSON (lists one a line
// or comma-separated), one optional translation, attachments, a Markdown
// help and a preview. People, organizations and terms are picked from
// suggestions (<datalist>, no script). Nothing here needs JavaScript; the
// upload progress script only shows how far a large file has gone.
import { html } from "hono/html";
import type { Choice } from "../../domain/pickers.ts";
import { MEDIA_DESCRIPTION_MAX } from "../../domain/media-uploads.ts";
import type { MediaRow } from "../../domain/notes.ts";
import { assetHref } from "../routes/assets.ts";
import { noteBody } from "./cached-images.ts";
import { LICENSES } from "../../domain/licenses.ts";
import { LIMITS } from "../../domain/note-input.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { CHOOSABLE_VISIBILITIES } from "../../domain/visibility.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { formatSize, languageName, notePath, visibilityLabel } from "./note.ts";

/** The form's fields as typed, re-shown unchanged after a refusal. */
export interface NoteForm {
  readonly title: string;
  readonly summary: string;
  readonly content: string;
  readonly language: string;
  readonly license: string;
  readonly visibility: string;
  readonly category: string;
  /** Comma-separated. */
  readonly tags: string;
  /** One handle (or profile URL) a line. */
  readonly authors: string;
  /** Term slugs or URLs, comma-separated or one a line. */
  readonly terms: string;
  readonly organizations: string;
  /** One URL a line. */
  readonly links: string;
  readonly translationLanguage: string;
  readonly translationTitle: string;
  readonly translationSummary: string;
  readonly translationContent: string;
  /** Editing only: what this change is, kept with the revision it makes. */
  readonly editSummary: string;
}

export const FORM_FIELDS = [
  "title",
  "summary",
  "content",
  "language",
  "license",
  "visibility",
  "category",
  "tags",
  "authors",
  "terms",
  "organizations",
  "links",
  "translationLanguage",
  "translationTitle",
  "translationSummary",
  "translationContent",
  "editSummary",
] as const satisfies readonly (keyof NoteForm)[];

/** Languages offered in the selects (any other code a note already has is added). */
const LANGUAGE_CHOICES = ["fr", "en", "es", "pt", "ht", "ar", "zh", "iu", "cr"];

/** An attachment listed in the form, with its description as typed. */
export interface AttachmentField {
  readonly media: MediaRow;
  /** Alt text of an image, or the title shown for another file. */
  readonly description: string;
}

/** The note as it would read, rendered by the server (sanitized HTML). */
export interface NotePreview {
  readonly title: string;
  readonly summary: string | null;
  readonly contentHtml: string;
}

/** Suggestions for the fields that name existing things. */
export interface NoteFormChoices {
  readonly authors: readonly Choice[];
  readonly terms: readonly Choice[];
  readonly organizations: readonly Choice[];
}

export const NO_CHOICES: NoteFormChoices = { authors: [], terms: [], organizations: [] };

export interface NoteFormPage {
  /** Null for a new note. */
  readonly note: NoteRow | null;
  readonly form: NoteForm;
  readonly attachments: readonly AttachmentField[];
  /** The last submission's problems, translated, by field. */
  readonly errors: readonly FieldError[];
  readonly preview?: NotePreview | null;
  readonly choices: NoteFormChoices;
  /** The largest file accepted (the instance's limit). */
  readonly maxUploadBytes: number;
  /** What the last submission did, said in a status line (a file attached…). */
  readonly status?: string | null;
}

/** What the file picker offers (the server checks the bytes whatever the picker says). */
const ACCEPTED_FILES = "image/png,image/jpeg,image/gif,image/webp,image/avif,audio/*,video/mp4,video/webm,.pdf,.odt,.ods,.docx,.xlsx,.txt,.csv,.md";

/** Empty inputs offered after the typed values of a list field. */
const SPARE_INPUTS = 2;

function options(values: readonly { value: string; label: string }[], selected: string): Html {
  return html`${values.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ""}>${o.label}</option>`)}`;
}

function languageOptions(v: ViewContext, selected: string, withNone: boolean): Html {
  const codes = selected && !LANGUAGE_CHOICES.includes(selected) ? [...LANGUAGE_CHOICES, selected] : LANGUAGE_CHOICES;
  const choices = codes.map((code) => ({ value: code, label: languageName(v, code) }));
  return options(withNone ? [{ value: "", label: v.t("notes.formTranslationNone") }, ...choices] : choices, selected);
}

function datalist(id: string, choices: readonly Choice[]): Html {
  return html`<datalist id="${id}">${choices.map((c) => html`<option value="${c.value}">${c.label}</option>`)}</datalist>`;
}

/**
 * A list (co-authors, terms, organizations) as one input per entry, each
 * suggesting existing ones: a <datalist> works on inputs, not on a textarea.
 * The typed entries come back one a line; two spare inputs are offered.
 */
function listField(v: ViewContext, name: "authors" | "terms" | "organizations", label: string, help: string, value: string, choices: readonly Choice[], e: readonly FieldError[]): Html {
  const entries = value
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);
  const inputs = [...entries, ...Array.from({ length: SPARE_INPUTS }, () => "")];
  const listId = `${name}-choices`;
  return html`<fieldset class="list-field">
<legend>${label}</legend>
${inputs.map(
  (entry, i) =>
    html`<input name="${name}" value="${entry}" list="${listId}" autocapitalize="none" spellcheck="false" aria-label="${v.t("writing.listEntry", { label, number: i + 1 })}" ${i === 0 ? fieldAttributes(name, e) : ""}>`,
)}
${fieldMessage(name, e)}
<span class="help">${help}</span>
${datalist(listId, choices)}
</fieldset>`;
}

function attachedItem(v: ViewContext, item: AttachmentField, e: readonly FieldError[]): Html {
  const { media } = item;
  const field = `alt-${media.id}`;
  const image = media.kind === "image";
  return html`<li class="attached-item">
<input type="hidden" name="attachments" value="${media.id}">
${image ? html`<img src="${media.url}" alt="" width="96" height="96" loading="lazy">` : ""}
<span class="attached-name">${v.t(KIND_KEYS[media.kind])}${media.size != null ? html` · ${formatSize(v, media.size)}` : ""}</span>
<label>${v.t(image ? "writing.altText" : "writing.fileTitle")}
<input name="${field}" value="${item.description}" maxlength="${MEDIA_DESCRIPTION_MAX}"${image ? html` required` : ""} ${fieldAttributes(field, e)}>
${fieldMessage(field, e)}
</label>
<label class="check"><input type="checkbox" name="remove" value="${media.id}"> ${v.t("writing.removeAttachment")}</label>
</li>`;
}

const KIND_KEYS = { image: "writing.kindImage", document: "writing.kindDocument", audio: "writing.kindAudio", video: "writing.kindVideo" } as const;

function attachmentsFieldset(v: ViewContext, page: NoteFormPage): Html {
  const e = page.errors;
  const megabytes = Math.floor(page.maxUploadBytes / (1024 * 1024));
  return html`<fieldset class="attachments" id="attachments">
<legend>${v.t("writing.attachments")}</legend>
${page.attachments.length > 0 ? html`<ul class="attached">${page.attachments.map((a) => attachedItem(v, a, e))}</ul>` : ""}
<label>${v.t("writing.addFile")}
<input type="file" name="file" accept="${ACCEPTED_FILES}" data-max-bytes="${page.maxUploadBytes}" ${fieldAttributes("file", e)}>
${fieldMessage("file", e)}
<span class="help">${v.t("writing.fileHelp", { size: megabytes })}</span>
</label>
<label>${v.t("writing.fileDescription")}
<input name="fileDescription" maxlength="${MEDIA_DESCRIPTION_MAX}" ${fieldAttributes("fileDescription", e)}>
${fieldMessage("fileDescription", e)}
<span class="help">${v.t("writing.fileDescriptionHelp")}</span>
</label>
<button type="submit" name="action" value="attach" class="secondary">${v.t("writing.attach")}</button>
<p class="upload-progress" role="status" hidden><progress max="100" value="0"></progress> <span data-label-sending="${v.t("writing.uploading")}" data-label-too-large="${v.t("writing.tooLargeBeforeSending", { size: megabytes })}"></span></p>
</fieldset>`;
}

/** A short reminder of the Markdown the body takes, folded by default. */
function markdownHelp(v: ViewContext): Html {
  const rows = ["writing.mdHeading", "writing.mdBold", "writing.mdItalic", "writing.mdLink", "writing.mdList", "writing.mdQuote"] as const;
  return html`<details class="markdown-help">
<summary>${v.t("writing.markdownHelp")}</summary>
<p>${v.t("writing.markdownIntro")}</p>
<table>
<thead><tr><th scope="col">${v.t("writing.mdWhat")}</th><th scope="col">${v.t("writing.mdType")}</th></tr></thead>
<tbody>${rows.map((key) => html`<tr><td>${v.t(key)}</td><td><code>${v.t(`${key}Sample` as const)}</code></td></tr>`)}</tbody>
</table>
<p>${v.t("writing.markdownParagraphs")}</p>
</details>`;
}

function previewSection(v: ViewContext, preview: NotePreview): Html {
  return html`<section class="note-preview" aria-labelledby="preview-title">
<h2 id="preview-title">${v.t("writing.previewTitle")}</h2>
<p class="help">${v.t("writing.previewHelp")}</p>
<div class="preview-sheet">
<p class="preview-heading">${preview.title}</p>
${preview.summary ? html`<p class="summary lead">${preview.summary}</p>` : ""}
<div class="note-body">${noteBody(v, preview.contentHtml)}</div>
</div>
</section>`;
}

export function noteFormPage(v: ViewContext, page: NoteFormPage): Html {
  const f = page.form;
  const editing = page.note != null;
  const draft = !editing || page.note!.visibility === "draft";
  const title = editing ? v.t(draft ? "writing.editDraftTitle" : "notes.editTitle", { title: page.note!.title }) : v.t("notes.newTitle");
  const action = editing ? `${notePath(page.note!)}/edit` : "/notes/new";
  const e = page.errors;
  const visibilities = CHOOSABLE_VISIBILITIES.includes(f.visibility as never) ? CHOOSABLE_VISIBILITIES : [...CHOOSABLE_VISIBILITIES, f.visibility];
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
${page.status ? html`<p class="notice" role="status">${page.status}</p>` : ""}
${errorSummary(v, e)}
${page.preview ? previewSection(v, page.preview) : ""}
<p class="help">${v.t("writing.reassurance")} <a href="/drafts">${v.t("writing.myDrafts")}</a></p>
<form class="form wide note-form" method="post" action="${action}" enctype="multipart/form-data" data-upload-progress>
${csrfInput(v)}
<label>${v.t("notes.formTitle")}
<input name="title" value="${f.title}" maxlength="${LIMITS.title}" required ${fieldAttributes("title", e)}>
${fieldMessage("title", e)}
</label>
<label>${v.t("notes.formSummary")}
<textarea name="summary" rows="3" maxlength="${LIMITS.summary}" ${fieldAttributes("summary", e)}>${f.summary}</textarea>
${fieldMessage("summary", e)}
<span class="help">${v.t("notes.formSummaryHelp")}</span>
</label>
<label>${v.t("notes.formContent")}
<textarea name="content" rows="20" required ${fieldAttributes("content", e)}>${f.content}</textarea>
${fieldMessage("content", e)}
<span class="help">${v.t("notes.formContentHelp")}</span>
</label>
${markdownHelp(v)}
${attachmentsFieldset(v, page)}
<label>${v.t("notes.language")}
<select name="language" ${fieldAttributes("language", e)}>${languageOptions(v, f.language, false)}</select>
${fieldMessage("language", e)}
</label>
<label>${v.t("notes.licence")}
<select name="license" ${fieldAttributes("license", e)}>${options(
      LICENSES.map((l) => ({ value: l.id, label: l.label[v.lang] })),
      f.license,
    )}</select>
${fieldMessage("license", e)}
<span class="help">${v.t("notes.formLicenceHelp")}</span>
</label>
<label>${v.t("notes.visibility")}
<select name="visibility" ${fieldAttributes("visibility", e)}>${options(
      visibilities.map((value) => ({ value, label: visibilityLabel(v, value as never) })),
      f.visibility,
    )}</select>
${fieldMessage("visibility", e)}
<span class="help">${v.t("notes.formVisibilityHelp")}</span>
</label>
<label>${v.t("notes.category")}
<input name="category" value="${f.category}" maxlength="${LIMITS.category}" ${fieldAttributes("category", e)}>
${fieldMessage("category", e)}
<span class="help">${v.t("notes.formCategoryHelp")}</span>
</label>
<label>${v.t("notes.tags")}
<input name="tags" value="${f.tags}" ${fieldAttributes("tags", e)}>
${fieldMessage("tags", e)}
<span class="help">${v.t("notes.formTagsHelp")}</span>
</label>
${listField(v, "authors", v.t("notes.formAuthors"), v.t("notes.formAuthorsHelp"), f.authors, page.choices.authors, e)}
${listField(v, "terms", v.t("notes.terms"), v.t("notes.formTermsHelp"), f.terms, page.choices.terms, e)}
${listField(v, "organizations", v.t("notes.organizations"), v.t("notes.formOrganizationsHelp"), f.organizations, page.choices.organizations, e)}
<label>${v.t("notes.links")}
<textarea name="links" rows="3" spellcheck="false" autocapitalize="none" ${fieldAttributes("links", e)}>${f.links}</textarea>
${fieldMessage("links", e)}
<span class="help">${v.t("notes.formLinksHelp")}</span>
</label>
<fieldset class="translation">
<legend>${v.t("notes.formTranslation")}</legend>
<label>${v.t("notes.formTranslationLanguage")}
<select name="translationLanguage" ${fieldAttributes("translationLanguage", e)}>${languageOptions(v, f.translationLanguage, true)}</select>
${fieldMessage("translationLanguage", e)}
</label>
<label>${v.t("notes.formTitle")}
<input name="translationTitle" value="${f.translationTitle}" maxlength="${LIMITS.title}" ${fieldAttributes("translationTitle", e)}>
${fieldMessage("translationTitle", e)}
</label>
<label>${v.t("notes.formSummary")}
<textarea name="translationSummary" rows="3" maxlength="${LIMITS.summary}" ${fieldAttributes("translationSummary", e)}>${f.translationSummary}</textarea>
${fieldMessage("translationSummary", e)}
</label>
<label>${v.t("notes.formContent")}
<textarea name="translationContent" rows="10" ${fieldAttributes("translationContent", e)}>${f.translationContent}</textarea>
${fieldMessage("translationContent", e)}
</label>
</fieldset>
${editing
  ? html`<label>${v.t("notes.formEditSummary")}
<input name="editSummary" value="${f.editSummary}" maxlength="${LIMITS.editSummary}" ${fieldAttributes("editSummary", e)}>
${fieldMessage("editSummary", e)}
<span class="help">${v.t("notes.formEditSummaryHelp")}</span>
</label>`
  : ""}
<div class="form-actions">
<button type="submit" name="action" value="preview" class="secondary">${v.t("writing.preview")}</button>
${draft ? html`<button type="submit" name="action" value="draft" class="secondary">${v.t("writing.saveDraft")}</button>` : ""}
<button type="submit" name="action" value="${draft ? "publish" : "save"}">${draft ? v.t("notes.formPublish") : v.t("notes.formSave")}</button>
</div>
<p class="help">${v.t(draft ? "writing.draftHelp" : "writing.saveHelp")}</p>
</form>
${editing ? html`<p><a href="${notePath(page.note!)}">${v.t("notes.backToNote")}</a></p>` : ""}
<script src="${assetHref("upload-progress.js")}" defer></script>`,
  );
}
