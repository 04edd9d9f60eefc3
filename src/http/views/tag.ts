// A hashtag's page: the public notes that carry it. Its URL is what notes
// federate as the Hashtag's `href`, so Mastodon users land here.
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import { layout, type Html, type ViewContext } from "./layout.ts";
import { findPath } from "../../domain/paths.ts";
import { noteList, pager, type NotesIndex } from "./notes-index.ts";

export interface TagPage extends NotesIndex {
  /** The tag as people wrote it (the first spelling found), or its key. */
  readonly name: string;
  readonly key: string;
}

export function tagPage(v: ViewContext, page: TagPage): Html {
  const title = v.t("notes.tagTitle", { tag: page.name });
  const url = new URL(`/tags/${encodeURIComponent(page.key)}`, v.origin).href;
  return layout(
    v,
    { title, canonical: url, og: { type: "website", url, title }, links: feedLinks(FEED_PATHS.tag(page.key)) },
    html`<h1>${title}</h1>
<p><a class="find-link" href="${findPath(page.key)}">${v.t("find.who")}</a></p>
${page.items.length > 0 ? noteList(v, page.items) : html`<p class="muted">${v.t("notes.tagEmpty")}</p>`}
${pager(v, page.nextHref)}`,
  );
}
