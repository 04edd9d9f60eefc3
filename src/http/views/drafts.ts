// "My drafts": the notes a member (or a co-author) saved without publishing,
// newest change first. Only they see this list; nothing in it is public.
import { html } from "hono/html";
import type { NoteRow } from "../../domain/notes.ts";
import { layout, type Html, type ViewContext } from "./layout.ts";
import { notePath, timeTag } from "./note.ts";

export function draftsPage(v: ViewContext, drafts: readonly NoteRow[]): Html {
  const title = v.t("writing.draftsTitle");
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
<p class="lead">${v.t("writing.draftsIntro")}</p>
<p><a class="button" href="/notes/new">${v.t("notes.write")}</a></p>
${drafts.length === 0
  ? html`<p class="muted">${v.t("writing.draftsEmpty")}</p>`
  : html`<ol class="note-list drafts">
${drafts.map(
  (note) => html`<li>
<h2><a href="${notePath(note)}/edit">${note.title}</a></h2>
<p class="muted">${v.t("writing.draftChanged")} ${timeTag(v, note.updated_at, true)} · <a href="${notePath(note)}">${v.t("writing.draftView")}</a></p>
${note.summary ? html`<p class="summary">${note.summary}</p>` : ""}
</li>`,
)}
</ol>`}`,
  );
}
