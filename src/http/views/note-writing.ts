// What the note page adds for writers: the banner of a draft (seen by its
// authors only) with its "Publish" button, and the small form that puts any
// note anyone may read into one of the member's notebooks (or a new one).
import { html } from "hono/html";
import { NOTEBOOK_LIMITS } from "../../domain/notebooks.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { notePath } from "./note.ts";

/** The value of the notebook choice that creates one. */
export const NEW_NOTEBOOK = "new";

export function draftBanner(v: ViewContext, note: NoteRow): Html {
  const path = notePath(note);
  return html`<div class="draft-banner" role="note">
<p><strong>${v.t("writing.draftBannerTitle")}</strong> ${v.t("writing.draftBannerBody")}</p>
<form class="form inline" method="post" action="${path}/publish">${csrfInput(v)}<button type="submit">${v.t("notes.formPublish")}</button></form>
<a href="${path}/edit">${v.t("notes.edit")}</a>
</div>`;
}

export function addToNotebookForm(v: ViewContext, note: NoteRow, notebooks: readonly { id: string; title: string }[]): Html {
  return html`<details class="add-to-notebook" id="add-to-notebook">
<summary>${v.t("writing.addToNotebook")}</summary>
<form class="form" method="post" action="${notePath(note)}/notebooks">
${csrfInput(v)}
<label>${v.t("writing.notebook")}
<select name="notebook">
${notebooks.map((n) => html`<option value="${n.id}">${n.title}</option>`)}
<option value="${NEW_NOTEBOOK}"${notebooks.length === 0 ? html` selected` : ""}>${v.t("writing.newNotebook")}</option>
</select>
</label>
<label>${v.t("writing.newNotebookTitle")}
<input name="title" maxlength="${NOTEBOOK_LIMITS.title}">
<span class="help">${v.t("writing.newNotebookHelp")}</span>
</label>
<button type="submit">${v.t("writing.addToNotebookSubmit")}</button>
</form>
</details>`;
}
