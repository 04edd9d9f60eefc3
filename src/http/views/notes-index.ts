// Lists of public notes: the index (/notes), a person's notes, and the list
// block the tag page and profiles reuse.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, fillFragments, joinHtml, notePath, timeTag } from "./note.ts";
import type { NoteLabelRow } from "../../domain/note-labels.ts";
import { labelBadges } from "./note-labels.ts";

export interface ListedNote {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
  /** Its quality labels, shown as badges. */
  readonly labels?: readonly NoteLabelRow[];
}

export function noteList(v: ViewContext, items: readonly ListedNote[]): Html {
  return html`<ol class="note-list">
${items.map(
  ({ note, authors, labels }) => html`<li class="h-entry">
<h2><a class="p-name u-url" href="${notePath(note)}"${note.language ? html` hreflang="${note.language}"` : ""}>${note.title}</a></h2>
<p class="muted">${authors.length > 0 ? html`${fillFragments(v.t("notes.byline", { authors: "{authors}" }), { authors: joinHtml(v, authors.map(actorLink)) })} · ` : ""}${timeTag(
    v,
    note.published_at,
  )}${note.category ? html` · ${note.category}` : ""}</p>
${labelBadges(v, labels)}
${note.summary ? html`<p class="summary p-summary"${note.language ? html` lang="${note.language}"` : ""}>${note.summary}</p>` : ""}
</li>`,
)}
</ol>`;
}

export function pager(v: ViewContext, nextHref: string | null): Html {
  return nextHref ? html`<p class="pager"><a href="${nextHref}" rel="next">${v.t("notes.next")}</a></p>` : html``;
}

export interface NotesIndex {
  readonly items: readonly ListedNote[];
  readonly nextHref: string | null;
}

export function notesIndexPage(v: ViewContext, index: NotesIndex): Html {
  const title = v.t("notes.indexTitle");
  return layout(
    v,
    { title, description: v.t("notes.indexIntro", { instance: v.instance.name }) },
    html`<h1>${title}</h1>
<p class="lead">${v.t("notes.indexIntro", { instance: v.instance.name })}</p>
${v.user ? html`<p><a href="/notes/new">${v.t("notes.write")}</a></p>` : ""}
${index.items.length > 0 ? noteList(v, index.items) : html`<p class="muted">${v.t("notes.indexEmpty")}</p>`}
${pager(v, index.nextHref)}`,
  );
}

export interface AuthorNotes extends NotesIndex {
  readonly author: ActorRow;
  /** Its author refuses search engines. */
  readonly noindex?: boolean;
}

/** A person's public notes (linked from their profile). */
export function authorNotesPage(v: ViewContext, list: AuthorNotes): Html {
  const title = v.t("notes.authorTitle", { name: displayName(list.author) });
  return layout(
    v,
    { title, noindex: list.noindex ?? false },
    html`<h1>${title}</h1>
<p><a href="/@${list.author.username}">${v.t("follows.backToProfile")}</a></p>
${list.items.length > 0 ? noteList(v, list.items) : html`<p class="muted">${v.t("notes.authorEmpty")}</p>`}
${pager(v, list.nextHref)}`,
  );
}
