// "Historique des modifications": every saved version of a note, and one
// version as it read then (title, summary and sanitized body of the revision).
import { noteBody } from "./cached-images.ts";
import { html, raw } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow, RevisionRow } from "../../domain/notes.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, notePath, timeTag } from "./note.ts";

export interface HistoryEntry {
  readonly revision: RevisionRow;
  readonly editor: ActorRow | null;
}

export interface HistoryPage {
  readonly note: NoteRow;
  /** Newest first. */
  readonly entries: readonly HistoryEntry[];
  /** The viewer may redact older revisions (an author, a moderator of its communities, an administrator). */
  readonly canRedact?: boolean;
}

/** A redacted revision's line: that it was redacted and when, never what it said. */
function redactedNotice(v: ViewContext, revision: RevisionRow): Html {
  return html`<span class="muted">${v.t("redaction.redactedOn")} ${timeTag(v, revision.redacted_at!, true)}</span>`;
}

function redactCell(v: ViewContext, page: HistoryPage, revision: RevisionRow): Html {
  if (!page.canRedact) return html``;
  if (revision.redacted_at != null) return html`<td>${redactedNotice(v, revision)}</td>`;
  if (revision.number === page.note.revision) return html`<td><span class="muted">${v.t("redaction.currentHint")}</span></td>`;
  return html`<td><form class="inline" method="post" action="${notePath(page.note)}/history/${revision.number}/redact">${csrfInput(v)}<button type="submit" class="danger">${v.t("redaction.submit")}</button></form></td>`;
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
<thead><tr><th scope="col">${v.t("notes.historyVersion")}</th><th scope="col">${v.t("notes.historyDate")}</th><th scope="col">${v.t("notes.historyEditor")}</th>${page.canRedact ? html`<th scope="col">${v.t("redaction.column")}</th>` : ""}</tr></thead>
<tbody>
${page.entries.map(
  ({ revision, editor }) => html`<tr${revision.number === note.revision ? html` aria-current="true"` : ""}>
<td><a href="${path}/history/${revision.number}">${v.t("notes.version", { number: revision.number })}</a>${revision.number === note.revision ? html` <span class="muted">(${v.t("notes.currentVersion")})</span>` : ""}${revision.redacted_at != null && !page.canRedact ? html` ${redactedNotice(v, revision)}` : ""}</td>
<td>${timeTag(v, revision.created_at, true)}</td>
<td>${editorOf(v, editor)}</td>
${redactCell(v, page, revision)}
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
  // A redacted revision's title is gone: the page is named after the note.
  const title = v.t("notes.revisionTitle", { title: revision.redacted_at != null ? note.title : revision.title, number: revision.number });
  return layout(
    v,
    // Old versions are not what search engines should index.
    { title, canonical: new URL(path, v.origin).href },
    html`<p class="notice" role="status">${v.t("notes.revisionNotice", { number: revision.number })} ${timeTag(v, revision.created_at, true)} · ${editorOf(v, page.editor)}</p>
<p><a href="${path}/history">${v.t("notes.backToHistory")}</a> · <a href="${path}">${v.t("notes.backToNote")}</a></p>
${revision.redacted_at != null
  ? html`<p class="notice" role="status">${v.t("redaction.redactedBody")} ${timeTag(v, revision.redacted_at, true)}</p>`
  : html`<article class="note revision"${revision.language ? html` lang="${revision.language}"` : ""}>
<h1>${revision.title}</h1>
${revision.summary ? html`<p class="summary lead">${revision.summary}</p>` : ""}
<div class="note-body">${noteBody(v, revision.content_html)}</div>
</article>`}`,
  );
}
