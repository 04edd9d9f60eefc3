// Finding an account, a community, a note or a notebook, here or anywhere in
// the fediverse, by handle or URL; or anything known here by its words
// (the full-text part is in search-results.ts). A note found elsewhere is kept here, so its
// card links to our copy (and to the original); a notebook of another server
// has no page here, so its card links out.
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NotebookRow } from "../../domain/notebooks.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { actorCard, type FollowControl } from "./actors.ts";
import { isHttpUrl, layout, withFragment, type Html, type ViewContext } from "./layout.ts";
import { actorLinks, excerpt } from "./notebook.ts";
import { notePath, timeTag } from "./note.ts";
import type { SearchParams } from "../search-request.ts";
import { filtersForm, fullTextResults, type FullTextResults } from "./search-results.ts";

export type SearchOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "found"; readonly actor: ActorRow; readonly control: FollowControl | null }
  | { readonly kind: "note"; readonly note: NoteRow; readonly authors: readonly ActorRow[] }
  | { readonly kind: "notebook"; readonly notebook: NotebookRow; readonly curators: readonly ActorRow[]; readonly itemCount: number }
  | { readonly kind: "not-found" }
  | { readonly kind: "sign-in" }
  /** `problem` is a DomainError message, safe to show. */
  | { readonly kind: "invalid"; readonly problem: string }
  /** Words searched in full text; `found` when they are also someone's name here. */
  | { readonly kind: "results"; readonly found: { readonly actor: ActorRow; readonly control: FollowControl | null } | null; readonly results: FullTextResults }
  /** A search that cannot be run (too long, no words): said kindly, with the form to try again. */
  | { readonly kind: "unsearchable"; readonly message: string };

function hostOf(url: string): string {
  return URL.parse(url)?.host ?? url;
}

/** "By …" and where it comes from: the line under a found note's or notebook's title. */
function byline(v: ViewContext, people: readonly ActorRow[], original: string | null, extra: Html | string = ""): Html {
  const by = people.length > 0 ? withFragment(v.t("knowledge.by", { names: "{names}" }), "{names}", actorLinks(people)) : "";
  const elsewhere = original ? html` · <a href="${original}" rel="nofollow noopener noreferrer">${v.t("search.original", { host: hostOf(original) })}</a>` : "";
  return html`<p class="muted">${by}${extra}${elsewhere}</p>`;
}

function noteCard(v: ViewContext, note: NoteRow, authors: readonly ActorRow[]): Html {
  const original = note.is_local !== 1 ? [note.url, note.uri].find(isHttpUrl) ?? null : null;
  return html`<article class="card search-note">
<div class="card-body">
<p class="muted">${v.t("search.note")}</p>
<h2 lang="${note.language ?? v.lang}"><a href="${notePath(note)}">${note.title}</a></h2>
${byline(v, authors, original, html` · ${timeTag(v, note.published_at)}`)}
${note.summary ? html`<p class="summary">${excerpt(note.summary, 300)}</p>` : ""}
</div>
</article>`;
}

function notebookCard(v: ViewContext, notebook: NotebookRow, curators: readonly ActorRow[], itemCount: number): Html {
  const original = notebook.is_local !== 1 ? [notebook.url, notebook.uri].find(isHttpUrl) ?? null : null;
  const href = original ?? `/notebooks/${encodeURIComponent(notebook.id)}`;
  return html`<article class="card search-notebook">
<div class="card-body">
<p class="muted">${v.t("search.notebook")} · ${v.t("notebooks.count", { count: itemCount })}</p>
<h2><a href="${href}"${original ? html` rel="nofollow noopener noreferrer"` : ""}>${notebook.title}</a></h2>
${byline(v, curators, null, original ? ` · ${v.t("knowledge.elsewhere", { host: hostOf(original) })}` : "")}
${notebook.summary ? html`<p class="summary">${excerpt(notebook.summary, 300)}</p>` : ""}
</div>
</article>`;
}

function outcome(v: ViewContext, query: string, result: SearchOutcome): Html {
  switch (result.kind) {
    case "none":
      return html``;
    case "found":
      return actorCard(v, result.actor, result.control);
    case "note":
      return noteCard(v, result.note, result.authors);
    case "notebook":
      return notebookCard(v, result.notebook, result.curators, result.itemCount);
    case "not-found":
      return html`<p class="notice" role="status">${v.t("search.notFound", { query })}</p>`;
    case "sign-in": {
      const link = html`<a href="/signin?next=${encodeURIComponent(v.here)}">${v.t("layout.signin")}</a>`;
      return html`<p class="notice">${withFragment(v.t("search.signinForRemote", { signin: "{signin}" }), "{signin}", link)}</p>`;
    }
    case "invalid":
      return html`<p class="error" role="alert">${v.t("search.invalid", { problem: result.problem })}</p>`;
    case "results":
      return html`${result.found ? actorCard(v, result.found.actor, result.found.control) : ""}${fullTextResults(v, result.results)}`;
    case "unsearchable":
      return html`<p class="error" role="alert">${result.message}</p>`;
  }
}

export function searchPage(v: ViewContext, query: string, result: SearchOutcome, params: SearchParams | null = null): Html {
  return layout(
    v,
    { title: v.t("search.title"), links: query.trim() ? feedLinks(FEED_PATHS.search(), `?q=${encodeURIComponent(query)}`) : [] },
    html`<h1>${v.t("search.title")}</h1>
<form class="form search" role="search" aria-label="${v.t("search.title")}" method="get" action="/search">
<label>${v.t("search.label")}
<input type="search" name="q" value="${query}" placeholder="${v.t("layout.searchPlaceholder")}" autocapitalize="none" spellcheck="false" required>
<span class="help">${v.t("search.help")}</span>
</label>
${params?.kind ? html`<input type="hidden" name="type" value="${params.kind}">` : ""}
<button type="submit">${v.t("search.submit")}</button>
${params ? filtersForm(v, params) : ""}
</form>
${outcome(v, query, result)}`,
  );
}
