// The full-text part of the search page: filters (a plain form, no script),
// the kinds as links, and each kind's results with their excerpts. Excerpts
// and titles come from the domain as safe HTML (escaped, then <mark>ed).
import { html, raw } from "hono/html";
import type { SearchDocumentKind } from "../../db/search-schema.ts";
import { LICENSES } from "../../domain/licenses.ts";
import { regionSelect } from "./interest-fields.ts";
import { SEARCH_KINDS, type SearchItem, type SearchResultPage } from "../../domain/search/search.ts";
import { searchHref, type SearchParams } from "../search-request.ts";
import { handleOf } from "../../domain/actors.ts";
import { profileHref } from "./actors.ts";
import { isHttpUrl, type Html, type ViewContext } from "./layout.ts";
import { actorLinks } from "./notebook.ts";
import { notePath, timeTag } from "./note.ts";

export interface FullTextResults {
  readonly params: SearchParams;
  readonly pages: ReadonlyMap<SearchDocumentKind, SearchResultPage>;
  /** How many of a kind one page shows. */
  readonly limit: number;
}

function hostOf(url: string): string {
  return URL.parse(url)?.host ?? url;
}

function link(href: string | null, content: Html): Html {
  if (!href) return content;
  return href.startsWith("/") ? html`<a href="${href}">${content}</a>` : html`<a href="${href}" rel="nofollow noopener noreferrer">${content}</a>`;
}

function itemCard(v: ViewContext, item: SearchItem): Html {
  // A reply has no title: its link still needs words (axe: link-name).
  const title = item.titleHtml.trim() ? raw(item.titleHtml) : html`${v.t("search.untitledReply")}`;
  const excerpt = item.excerpt ? html`<p class="excerpt">${raw(item.excerpt)}</p>` : "";
  switch (item.kind) {
    case "note": {
      const elsewhere = item.note.is_local !== 1 ? html` · ${v.t("search.elsewhere", { host: hostOf(item.note.uri) })}` : "";
      const restricted = item.note.visibility !== "public" ? html` · <span class="restricted">${v.t("search.restricted")}</span>` : "";
      return html`<li class="result"><h3 lang="${item.note.language ?? v.lang}">${link(notePath(item.note), title)}</h3>
<p class="muted">${actorLinks(item.authors)} · ${timeTag(v, item.note.published_at)}${elsewhere}${restricted}</p>${excerpt}</li>`;
    }
    case "notebook": {
      const local = item.notebook.is_local === 1;
      const href = local ? `/notebooks/${encodeURIComponent(item.notebook.id)}` : ([item.notebook.url, item.notebook.uri].find(isHttpUrl) ?? null);
      return html`<li class="result"><h3>${link(href, title)}</h3>${local ? "" : html`<p class="muted">${v.t("search.elsewhere", { host: hostOf(item.notebook.uri) })}</p>`}${excerpt}</li>`;
    }
    case "term": {
      const href = item.term.is_local === 1 ? `/terms/${encodeURIComponent(item.term.slug)}` : isHttpUrl(item.term.uri) ? item.term.uri : null;
      return html`<li class="result"><h3>${link(href, title)}</h3>${excerpt}</li>`;
    }
    default:
      return html`<li class="result"><h3>${link(profileHref(item.actor), title)}</h3><p class="muted handle">${handleOf(item.actor)}</p>${excerpt}</li>`;
  }
}

function kindLinks(v: ViewContext, params: SearchParams): Html {
  const entry = (kind: SearchDocumentKind | null, label: string) =>
    params.kind === kind ? html`<li><strong aria-current="page">${label}</strong></li>` : html`<li><a href="${searchHref(params, { kind })}">${label}</a></li>`;
  return html`<nav class="search-kinds" aria-label="${v.t("search.kinds")}"><ul>
${entry(null, v.t("search.all"))}${SEARCH_KINDS.map((kind) => entry(kind, v.t(`search.kind.${kind}`)))}
</ul></nav>`;
}

/** The filters, inside a <details> that opens by itself when one is set. */
export function filtersForm(v: ViewContext, params: SearchParams): Html {
  const f = params.filters;
  const field = (name: keyof typeof f, label: string, type = "text") =>
    html`<label>${label}<input type="${type}" name="${name}" value="${f[name] ?? ""}"${type === "text" ? html` maxlength="200"` : ""}></label>`;
  return html`<details class="search-filters"${Object.keys(f).length > 0 ? " open" : ""}>
<summary>${v.t("search.filters")}</summary>
<p class="help">${v.t("search.filtersHelp")}</p>
${field("tag", v.t("search.filterTag"))}
${field("term", v.t("search.filterTerm"))}
${field("community", v.t("search.filterCommunity"))}
${field("instance", v.t("search.filterInstance"))}
${regionSelect(v, "region", f.region ?? "", v.t("search.filterRegion"), v.t("search.filterAnyRegion"))}
${field("language", v.t("search.filterLanguage"))}
<label>${v.t("search.filterLicense")}<select name="license">
<option value="">${v.t("search.filterAnyLicense")}</option>
${LICENSES.map((l) => html`<option value="${l.id}"${f.license === l.id ? " selected" : ""}>${l.label[v.lang]}</option>`)}
</select></label>
${field("from", v.t("search.filterFrom"), "date")}
${field("to", v.t("search.filterTo"), "date")}
<button type="submit">${v.t("search.apply")}</button>
</details>`;
}

export function fullTextResults(v: ViewContext, results: FullTextResults): Html {
  const { params, pages, limit } = results;
  const shown = [...pages].filter(([, page]) => page.items.length > 0);
  const sections = shown.map(([kind, page]) => {
    const more = params.kind == null && page.more ? html`<p class="pager"><a href="${searchHref(params, { kind })}">${v.t("search.more", { kind: v.t(`search.kind.${kind}`) })}</a></p>` : "";
    return html`<section class="search-results" aria-labelledby="results-${kind}">
<h2 id="results-${kind}">${v.t(`search.kind.${kind}`)}</h2>
<ol class="results">${page.items.map((item) => itemCard(v, item))}</ol>${more}</section>`;
  });
  let paging: Html | "" = "";
  if (params.kind != null) {
    const page = pages.get(params.kind);
    const previous = params.offset > 0 ? html`<a href="${searchHref(params, { offset: Math.max(0, params.offset - limit) })}" rel="prev">${v.t("search.previous")}</a> ` : "";
    const next = page?.more ? html`<a href="${searchHref(params, { offset: params.offset + limit })}" rel="next">${v.t("search.next")}</a>` : "";
    paging = previous || next ? html`<p class="pager">${previous}${next}</p>` : "";
  }
  const empty =
    shown.length === 0
      ? html`<p class="notice" role="status">${params.offset > 0 ? v.t("search.pastEnd") : v.t("search.nothing", { query: params.q.trim() })}</p>`
      : "";
  return html`${kindLinks(v, params)}${empty}${sections}${paging}`;
}
