// Writing and editing a note in the browser: every field of the API, as
// text fields a person can fill without knowing the JSON (lists one a line
// or comma-separated), and one optional translation.
import { html } from "hono/html";
import { LICENSES } from "../../domain/licenses.ts";
import { LIMITS } from "../../domain/note-input.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { CHOOSABLE_VISIBILITIES } from "../../domain/visibility.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { languageName, notePath, visibilityLabel } from "./note.ts";

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

export interface NoteFormPage {
  /** Null for a new note. */
  readonly note: NoteRow | null;
  readonly form: NoteForm;
  /** The last submission's problems, translated, by field. */
  readonly errors: readonly FieldError[];
}

function options(values: readonly { value: string; label: string }[], selected: string): Html {
  return html`${values.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ""}>${o.label}</option>`)}`;
}

function languageOptions(v: ViewContext, selected: string, withNone: boolean): Html {
  const codes = selected && !LANGUAGE_CHOICES.includes(selected) ? [...LANGUAGE_CHOICES, selected] : LANGUAGE_CHOICES;
  const choices = codes.map((code) => ({ value: code, label: languageName(v, code) }));
  return options(withNone ? [{ value: "", label: v.t("notes.formTranslationNone") }, ...choices] : choices, selected);
}

export function noteFormPage(v: ViewContext, page: NoteFormPage): Html {
  const f = page.form;
  const editing = page.note != null;
  const title = editing ? v.t("notes.editTitle", { title: page.note!.title }) : v.t("notes.newTitle");
  const action = editing ? `${notePath(page.note!)}/edit` : "/notes/new";
  const e = page.errors;
  const visibilities = CHOOSABLE_VISIBILITIES.includes(f.visibility as never) ? CHOOSABLE_VISIBILITIES : [...CHOOSABLE_VISIBILITIES, f.visibility];
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
${errorSummary(v, e)}
<form class="form wide note-form" method="post" action="${action}">
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
<label>${v.t("notes.formAuthors")}
<textarea name="authors" rows="3" spellcheck="false" autocapitalize="none" ${fieldAttributes("authors", e)}>${f.authors}</textarea>
${fieldMessage("authors", e)}
<span class="help">${v.t("notes.formAuthorsHelp")}</span>
</label>
<label>${v.t("notes.terms")}
<textarea name="terms" rows="2" spellcheck="false" autocapitalize="none" ${fieldAttributes("terms", e)}>${f.terms}</textarea>
${fieldMessage("terms", e)}
<span class="help">${v.t("notes.formTermsHelp")}</span>
</label>
<label>${v.t("notes.organizations")}
<textarea name="organizations" rows="2" spellcheck="false" autocapitalize="none" ${fieldAttributes("organizations", e)}>${f.organizations}</textarea>
${fieldMessage("organizations", e)}
<span class="help">${v.t("notes.formOrganizationsHelp")}</span>
</label>
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
<button type="submit">${editing ? v.t("notes.formSave") : v.t("notes.formPublish")}</button>
</form>
${editing ? html`<p><a href="${notePath(page.note!)}">${v.t("notes.backToNote")}</a></p>` : ""}`,
  );
}
