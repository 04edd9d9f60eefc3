// Notebooks (carnets) as pages: the index, one notebook with its sections in
// order, and the curators' edit page. Also the pieces the lexicon and
// organization pages share: a list of notes with their authors, and a date.
// Notes from other servers link out; this page never shows a note that is
// not public (the domain already left its title out).
import { oembedLink } from "../embeds/oembed-link.ts";
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NotebookItemView, NotebookSummary, NotebookView } from "../../domain/notebooks.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { profileHref } from "./actors.ts";
import { csrfInput, displayName, isHttpUrl, layout, withFragment, type Html, type ViewContext } from "./layout.ts";
import { fillFragments } from "./note.ts";
import { timeTag } from "./times.ts";
import { INTEREST_DATALIST_ID, interestDatalist } from "./interest-fields.ts";
import { findPath } from "../../domain/paths.ts";
import { tagKey } from "../../domain/tags.ts";

// ---------------------------------------------------------------- shared

/** Plain-text excerpt for meta descriptions. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

// Dates are shown in the instance's zone (times.ts); re-exported for the views that import them from here.
export { formatDate } from "./times.ts";

function hostOf(url: string): string {
  return URL.parse(url)?.host ?? url;
}

/** A link to an actor's page (here, or on its own server). */
export function actorLink(actor: ActorRow): Html {
  const href = profileHref(actor);
  if (!href) return html`${displayName(actor)}`;
  return actor.is_local === 1 ? html`<a href="${href}">${displayName(actor)}</a>` : html`<a href="${href}" rel="nofollow noopener noreferrer">${displayName(actor)}</a>`;
}

export function actorLinks(actors: readonly ActorRow[]): Html {
  return html`${actors.map((actor, i) => html`${i > 0 ? ", " : ""}${actorLink(actor)}`)}`;
}

/** A note's title linking to its page: here for local notes, out for the others. */
export function noteTitleLink(v: ViewContext, note: NoteRow): Html {
  const href = [note.url, note.uri].find(isHttpUrl);
  if (!href) return html`${note.title}`;
  if (note.is_local === 1) return html`<a href="${href}">${note.title}</a>`;
  return html`<a href="${href}" rel="nofollow noopener noreferrer">${note.title}</a> <span class="muted">(${v.t("knowledge.elsewhere", { host: hostOf(href) })})</span>`;
}

export interface ListedNote {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
}

/** Notes with their authors and summary, newest first as given. */
export function noteList(v: ViewContext, notes: readonly ListedNote[]): Html {
  return html`<ul class="links notes">
${notes.map(
  ({ note, authors }) => html`<li lang="${note.language ?? v.lang}">${noteTitleLink(v, note)}${
    authors.length > 0 ? html` <span class="muted">${withFragment(v.t("knowledge.by", { names: "{names}" }), "{names}", actorLinks(authors))}</span>` : ""
  }${note.summary ? html`<br><span class="muted">${excerpt(note.summary, 240)}</span>` : ""}</li>`,
)}
</ul>`;
}

function nextLink(v: ViewContext, path: string, cursor: string | null): Html {
  return cursor ? html`<p><a rel="next" href="${path}?cursor=${encodeURIComponent(cursor)}">${v.t("knowledge.next")}</a></p>` : html``;
}

// ---------------------------------------------------------------- index

export interface NotebooksIndex {
  readonly notebooks: readonly NotebookSummary[];
  readonly nextCursor: string | null;
  /** The shared vocabulary for the new notebook's tags (signed in only). */
  readonly suggestions?: readonly string[];
}

function notebookFields(v: ViewContext, values: { title: string; summary: string; coverUrl: string; tags: string }, suggestions: readonly string[]): Html {
  return html`<label>${v.t("notebook.fieldTitle")}
<input name="title" value="${values.title}" maxlength="300" required>
</label>
<label>${v.t("notebook.fieldSummary")}
<textarea name="summary" rows="4" maxlength="2000">${values.summary}</textarea>
</label>
<label>${v.t("notebook.fieldCover")}
<input name="coverUrl" type="url" value="${values.coverUrl}" maxlength="2000" placeholder="https://">
</label>
<label>${v.t("interests.tags")}
<input name="tags" value="${values.tags}" list="${INTEREST_DATALIST_ID}" maxlength="1100" autocapitalize="none">
<span class="help">${v.t("interests.tagsHelp")}</span>
</label>
${interestDatalist(suggestions)}`;
}

export function notebooksIndexPage(v: ViewContext, data: NotebooksIndex): Html {
  const url = new URL("/notebooks", v.origin).href;
  const description = v.t("notebooks.intro");
  return layout(
    v,
    { title: v.t("notebooks.title"), description, canonical: url, og: { type: "website", url, title: v.t("notebooks.title"), description } },
    html`<h1>${v.t("notebooks.title")}</h1>
<p class="lead">${description}</p>
${data.notebooks.length === 0
  ? html`<p class="muted">${v.t("notebooks.none")}</p>`
  : html`${data.notebooks.map(
      ({ notebook, curators, itemCount }) => html`<article class="card">
${v.media(notebook.cover_url) ? html`<img class="avatar" src="${v.media(notebook.cover_url)}" alt="" width="64" height="64" loading="lazy">` : ""}
<div class="card-body">
<h2><a href="/notebooks/${notebook.id}">${notebook.title}</a></h2>
${notebook.summary ? html`<p>${excerpt(notebook.summary, 300)}</p>` : ""}
<p class="muted">${actorLinks(curators)} · ${v.t("notebooks.count", { count: itemCount })}</p>
</div>
</article>`,
    )}`}
${nextLink(v, "/notebooks", data.nextCursor)}
${v.user
  ? html`<details>
<summary>${v.t("notebooks.create")}</summary>
<form class="form" method="post" action="/notebooks">
${csrfInput(v)}
${notebookFields(v, { title: "", summary: "", coverUrl: "", tags: "" }, data.suggestions ?? [])}
<button type="submit">${v.t("notebooks.create")}</button>
</form>
</details>`
  : ""}`,
  );
}

// ---------------------------------------------------------------- one notebook

function itemControls(v: ViewContext, notebookId: string, entry: NotebookItemView, index: number, count: number): Html {
  const action = (path: string) => `/notebooks/${notebookId}/items/${entry.item.id}/${path}`;
  const move = (label: "notebook.up" | "notebook.down", position: number) =>
    html`<form method="post" action="${action("move")}">${csrfInput(v)}<input type="hidden" name="position" value="${position}"><button type="submit">${v.t(label)}</button></form>`;
  return html`<div class="actions">
${index > 0 ? move("notebook.up", index - 1) : ""}
${index < count - 1 ? move("notebook.down", index + 1) : ""}
<form method="post" action="${action("remove")}">${csrfInput(v)}<button type="submit">${v.t("notebook.remove")}</button></form>
</div>`;
}

function itemEntry(v: ViewContext, notebookId: string, entry: NotebookItemView, index: number, count: number, canEdit: boolean): Html {
  const { note, item } = entry;
  let body: Html;
  if (note) {
    body = html`${noteTitleLink(v, note)}${entry.authors.length > 0 ? html` <span class="muted">— ${actorLinks(entry.authors)}</span>` : ""}${
      note.summary ? html`<br><span class="muted">${excerpt(note.summary, 240)}</span>` : ""
    }`;
  } else if (entry.unavailable) {
    body = html`<span class="muted">${v.t("notebook.unavailable")}</span>`;
  } else {
    // A note this instance has not fetched: the curator's link, shown as such.
    body = isHttpUrl(item.note_uri)
      ? html`<a href="${item.note_uri}" rel="nofollow noopener noreferrer">${v.t("notebook.remoteNote", { host: hostOf(item.note_uri) })}</a>`
      : html`<span class="muted">${v.t("notebook.unavailable")}</span>`;
  }
  return html`<li id="item-${item.id}"${note?.language ? html` lang="${note.language}"` : ""}>${body}${canEdit ? itemControls(v, notebookId, entry, index, count) : ""}</li>`;
}

function itemList(v: ViewContext, notebookId: string, items: readonly NotebookItemView[], canEdit: boolean): Html {
  return html`<ol class="links notebook-items">
${items.map((entry, index) => itemEntry(v, notebookId, entry, index, items.length, canEdit))}
</ol>`;
}

export interface NotebookPageData {
  readonly view: NotebookView;
  /** The viewer is a curator: show the controls. */
  readonly canEdit: boolean;
}

export function notebookPage(v: ViewContext, data: NotebookPageData): Html {
  const { notebook, curators, items, sections } = data.view;
  const url = notebook.url ?? notebook.uri;
  const names = curators.map(displayName).join(", ");
  const description = notebook.summary?.trim() ? excerpt(notebook.summary) : v.t("notebook.description", { names, instance: v.instance.name });
  const cover = v.media(notebook.cover_url);
  const empty = items.length === 0 && sections.every((s) => s.items.length === 0);
  return layout(
    v,
    {
      title: notebook.title,
      description,
      canonical: url,
      og: { type: "website", url, title: notebook.title, description, image: cover },
      links: [{ rel: "alternate", type: "application/activity+json", href: notebook.uri }, ...(notebook.is_local ? [...feedLinks(FEED_PATHS.notebook(notebook.id)), oembedLink(v.origin, `/notebooks/${notebook.id}`)] : [])],
    },
    html`<article class="notebook">
<header>
${cover ? html`<img class="cover" src="${cover}" alt="" loading="lazy">` : ""}
<h1>${notebook.title}</h1>
${notebook.summary?.trim() ? html`<div class="summary">${notebook.summary.trim()}</div>` : ""}
${data.view.tags.length > 0 ? html`<ul class="tags">${data.view.tags.map((tag) => html`<li><a href="${findPath(tagKey(tag))}" title="${v.t("find.who")}">#${tag}</a></li>`)}</ul>` : ""}
<dl class="facts">
<dt>${v.t("notebook.curators")}</dt><dd>${actorLinks(curators)}</dd>
</dl>
<p class="muted">${fillFragments(v.t("knowledge.updated", { date: "{date}" }), { date: timeTag(v, notebook.updated_at) })}</p>
${data.canEdit ? html`<p class="own-links"><a href="/notebooks/${notebook.id}/edit">${v.t("notebook.edit")}</a></p>` : ""}
</header>
${empty ? html`<p class="muted">${v.t("notebook.empty")}</p>` : ""}
${items.length > 0 ? itemList(v, notebook.id, items, data.canEdit) : ""}
${sections.map(
  ({ section, items: sectionItems }) => html`<section id="section-${section.id}">
<h2>${section.title}</h2>
${sectionItems.length > 0 ? itemList(v, notebook.id, sectionItems, data.canEdit) : html`<p class="muted">${v.t("notebook.emptySection")}</p>`}
</section>`,
)}
${data.canEdit
  ? html`<h2>${v.t("notebook.addNote")}</h2>
<form class="form" method="post" action="/notebooks/${notebook.id}/items">
${csrfInput(v)}
<label>${v.t("notebook.noteField")}
<input name="note" type="url" required placeholder="https://">
</label>
${sections.length > 0
  ? html`<label>${v.t("notebook.sectionField")}
<select name="section">
<option value="">${v.t("notebook.noSection")}</option>
${sections.map(({ section }) => html`<option value="${section.id}">${section.title}</option>`)}
</select>
</label>`
  : ""}
<button type="submit">${v.t("notebook.add")}</button>
</form>`
  : ""}
</article>`,
  );
}

// ---------------------------------------------------------------- edit

export function notebookEditPage(v: ViewContext, view: NotebookView, suggestions: readonly string[] = []): Html {
  const { notebook, sections } = view;
  const base = `/notebooks/${notebook.id}`;
  return layout(
    v,
    { title: v.t("notebook.editTitle", { title: notebook.title }) },
    html`<h1>${v.t("notebook.editTitle", { title: notebook.title })}</h1>
<p><a href="${base}">${v.t("notebook.back")}</a></p>
<form class="form wide" method="post" action="${base}/edit">
${csrfInput(v)}
${notebookFields(v, { title: notebook.title, summary: notebook.summary ?? "", coverUrl: notebook.cover_url ?? "", tags: view.tags.join(", ") }, suggestions)}
<button type="submit">${v.t("notebook.save")}</button>
</form>
<h2>${v.t("notebook.sections")}</h2>
${sections.map(
  ({ section }) => html`<div class="actions">
<form class="form" method="post" action="${base}/sections/${section.id}/edit">
${csrfInput(v)}
<label>${v.t("notebook.sectionTitle")}
<input name="title" value="${section.title}" maxlength="200" required>
</label>
<button type="submit">${v.t("notebook.save")}</button>
</form>
<form class="form" method="post" action="${base}/sections/${section.id}/delete">
${csrfInput(v)}
<button type="submit" class="secondary">${v.t("notebook.deleteSection")}</button>
</form>
</div>`,
)}
${sections.length > 0 ? html`<p class="muted">${v.t("notebook.deleteSectionHelp")}</p>` : ""}
<form class="form" method="post" action="${base}/sections">
${csrfInput(v)}
<label>${v.t("notebook.sectionTitle")}
<input name="title" maxlength="200" required>
</label>
<button type="submit">${v.t("notebook.addSection")}</button>
</form>
<h2>${v.t("notebook.delete")}</h2>
<form class="form" method="post" action="${base}/delete">
${csrfInput(v)}
<p class="help">${v.t("notebook.deleteHelp")}</p>
<button type="submit" class="danger">${v.t("notebook.delete")}</button>
</form>`,
  );
}
