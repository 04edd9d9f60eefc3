// "Historique des modifications": every saved version of a note, and one
// version as it read then (title, summary and sanitized body of the revision).
import { noteBody } from "./cached-images.ts";
import { html, raw } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow, RevisionRow } from "../../domain/notes.ts";
import { layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, notePath, timeTag } from "./note.ts";

export interface HistoryEntry {
  readonly revision: RevisionRow;
  readonly editor: ActorRow | null;
}

export interface HistoryPage {
  readonly note: NoteRow;
  /** Newest first. */
  readonly entries: readonly HistoryEntry[];
}

function editorOf(v: ViewContext, editor: ActorRow | null): Html {
  return editor ? actorLink(editor) : html`<span class="muted">${v.t("notes.unknownEditor")}</span>`;
}

export function historyPage(v: ViewContext, page: HistoryPage): Html {
  const { note } = page;
  const title = v.t("notes.historyTitle", { title: note.title });
  const path = notePath(note);
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
<p><a href="${path}">${v.t("notes.backToNote")}</a></p>
${page.entries.length > 0
  ? html`<table class="history">
<thead><tr><th scope="col">${v.t("notes.historyVersion")}</th><th scope="col">${v.t("notes.historyDate")}</th><th scope="col">${v.t("notes.historyEditor")}</th></tr></thead>
<tbody>
${page.entries.map(
  ({ revision, editor }) => html`<tr${revision.number === note.revision ? html` aria-current="true"` : ""}>
<td><a href="${path}/history/${revision.number}">${v.t("notes.version", { number: revision.number })}</a>${revision.number === note.revision ? html` <span class="muted">(${v.t("notes.currentVersion")})</span>` : ""}</td>
<td>${timeTag(v, revision.created_at, true)}</td>
<td>${editorOf(v, editor)}</td>
</tr>`,
)}
</tbody>
</table>`
  : html`<p class="muted">${v.t("notes.noHistory")}</p>`}`,
  );
}

export interface RevisionPage {
  readonly note: NoteRow;
  readonly revision: RevisionRow;
  readonly editor: ActorRow | null;
}

export function revisionPage(v: ViewContext, page: RevisionPage): Html {
  const { note, revision } = page;
  const path = notePath(note);
  const title = v.t("notes.revisionTitle", { title: revision.title, number: revision.number });
  return layout(
    v,
    // Old versions are not what search engines should index.
    { title, canonical: new URL(path, v.origin).href },
    html`<p class="notice" role="status">${v.t("notes.revisionNotice", { number: revision.number })} ${timeTag(v, revision.created_at, true)} · ${editorOf(v, page.editor)}</p>
<p><a href="${path}/history">${v.t("notes.backToHistory")}</a> · <a href="${path}">${v.t("notes.backToNote")}</a></p>
<article class="note revision"${revision.language ? html` lang="${revision.language}"` : ""}>
<h1>${revision.title}</h1>
${revision.summary ? html`<p class="summary lead">${revision.summary}</p>` : ""}
<div class="note-body">${noteBody(v, revision.content_html)}</div>
</article>`,
  );
}
