// "Historique des modifications": every saved version of a note with its edit
// summary and what changed since the one before (a word diff), and one
// version as it read then (title, summary and sanitized body of the revision)
// with "Citer cette version".
import { noteBody } from "./cached-images.ts";
import { html, raw } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow, RevisionRow } from "../../domain/notes.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, notePath, timeTag } from "./note.ts";
import type { RevisionDiff } from "../../domain/revision-diff.ts";
import { versionPath } from "../citations/note-citation.ts";
import { citationBlock, type CitationBlock } from "./citation-block.ts";
import { revisionDiffBlock } from "./revision-diff.ts";

export interface HistoryEntry {
  readonly revision: RevisionRow;
  readonly editor: ActorRow | null;
  /** What changed since the previous version; null for older versions the page does not compare. */
  readonly diff: RevisionDiff | null;
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

function redactControl(v: ViewContext, page: HistoryPage, revision: RevisionRow): Html {
  if (revision.redacted_at != null) return redactedNotice(v, revision);
  if (!page.canRedact) return html``;
  if (revision.number === page.note.revision) return html`<span class="muted">${v.t("redaction.currentHint")}</span>`;
  return html`<form class="inline" method="post" action="${notePath(page.note)}/history/${revision.number}/redact">${csrfInput(v)}<button type="submit" class="danger">${v.t("redaction.submit")}</button></form>`;
}

function editorOf(v: ViewContext, editor: ActorRow | null): Html {
  return editor ? actorLink(editor) : html`<span class="muted">${v.t("notes.unknownEditor")}</span>`;
}

/** "Résumé de la modification : …", when the editor wrote one (a redacted version's is gone). */
function editSummaryLine(v: ViewContext, revision: RevisionRow): Html {
  if (!revision.edit_summary) return html``;
  return html`<p class="edit-summary"><strong>${v.t("history.editSummary")}</strong> ${revision.edit_summary}</p>`;
}

function entry(v: ViewContext, page: HistoryPage, { revision, editor, diff }: HistoryEntry): Html {
  const path = notePath(page.note);
  const current = revision.number === page.note.revision;
  return html`<li class="revision" id="version-${revision.number}"${current ? html` aria-current="true"` : ""}>
<h2><a href="${versionPath(page.note, revision.number)}">${v.t("notes.version", { number: revision.number })}</a>${current ? html` <span class="muted">(${v.t("notes.currentVersion")})</span>` : ""}</h2>
<p class="muted">${timeTag(v, revision.created_at, true)} · ${v.t("notes.historyEditor")} ${editorOf(v, editor)}</p>
${editSummaryLine(v, revision)}
${diff ? revisionDiffBlock(v, diff, revision.number - 1) : html`<p class="muted"><a href="${path}/history/${revision.number}">${v.t("history.openVersion")}</a></p>`}
<p class="revision-actions">${revision.redacted_at == null ? html`<a href="${versionPath(page.note, revision.number)}#cite">${v.t("citation.citeVersion")}</a> ` : ""}${redactControl(v, page, revision)}</p>
</li>`;
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
  ? html`<p class="help muted">${v.t("history.legend")}</p>
<ol class="history" reversed>
${page.entries.map((e) => entry(v, page, e))}
</ol>`
  : html`<p class="muted">${v.t("notes.noHistory")}</p>`}`,
  );
}

export interface RevisionPage {
  readonly note: NoteRow;
  readonly revision: RevisionRow;
  readonly editor: ActorRow | null;
  /** "Citer cette version"; none for a redacted version. */
  readonly citation: CitationBlock | null;
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
</article>
${editSummaryLine(v, revision)}`}
${page.citation ? citationBlock(v, page.citation) : ""}`,
  );
}
