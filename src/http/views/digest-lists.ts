// Short lists that lead somewhere: the home page's and a profile's previews
// of notes, discussions and notebooks, each item one tap to read, with a
// "see all" link to the full, paged list. Phone first: one column, titles
// that wrap, the byline under the title.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NotebookSummary } from "../../domain/notebooks.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { displayName, type Html, type ViewContext } from "./layout.ts";
import { handleOf } from "../../domain/actors.ts";
import { profileHref } from "./actors.ts";
import { actorLink, fillFragments, joinHtml, notePath } from "./note.ts";
import { actorLinks, excerpt } from "./notebook.ts";
import { timeTag } from "./times.ts";

export interface DigestNote {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
}

/** A section with its heading and, when there is more to read, a "see all" link. */
export function digestSection(v: ViewContext, id: string, heading: string, body: Html, seeAll: { readonly href: string; readonly label: string } | null): Html {
  return html`<section class="digest" aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
${body}
${seeAll ? html`<p class="see-all"><a href="${seeAll.href}">${seeAll.label}</a></p>` : ""}
</section>`;
}

export function digestNotes(v: ViewContext, items: readonly DigestNote[]): Html {
  return html`<ul class="digest-list">
${items.map(
  ({ note, authors }) => html`<li class="h-entry">
<h3><a class="p-name u-url" href="${notePath(note)}"${note.language ? html` hreflang="${note.language}"` : ""}>${note.title}</a></h3>
<p class="muted">${authors.length > 0 ? html`${fillFragments(v.t("notes.byline", { authors: "{authors}" }), { authors: joinHtml(v, authors.map(actorLink)) })} · ` : ""}${timeTag(v, note.published_at)}</p>
${note.summary ? html`<p class="summary p-summary"${note.language ? html` lang="${note.language}"` : ""}>${excerpt(note.summary, 220)}</p>` : ""}
</li>`,
)}
</ul>`;
}

/** Where a community's thread is read: its page here, or the note's page for another server's community. */
export function threadHref(community: ActorRow, note: Pick<NoteRow, "id">): string {
  if (community.is_local === 1) return `/c/${encodeURIComponent(community.username)}/t/${encodeURIComponent(note.id)}`;
  return notePath(note);
}

/** A community's page: ours, or its own server's; null when it has no web address. */
export function communityHref(community: ActorRow): string | null {
  return community.is_local === 1 ? `/c/${encodeURIComponent(community.username)}` : profileHref(community);
}

export function digestThreads(v: ViewContext, threads: readonly NoteRow[], community: ActorRow): Html {
  return html`<ul class="digest-list threads">
${threads.map((note) => html`<li><a href="${threadHref(community, note)}">${note.title || v.t("home.untitled")}</a> <span class="muted">· ${timeTag(v, note.published_at)}</span></li>`)}
</ul>`;
}

export function digestNotebooks(v: ViewContext, notebooks: readonly NotebookSummary[]): Html {
  return html`<ul class="digest-list">
${notebooks.map(
  ({ notebook, curators, itemCount }) => html`<li>
<h3><a href="/notebooks/${notebook.id}">${notebook.title}</a></h3>
<p class="muted">${curators.length > 0 ? html`${actorLinks(curators)} · ` : ""}${v.t("notebooks.count", { count: itemCount })}</p>
</li>`,
)}
</ul>`;
}

/** Communities as links with their handle (a profile's "communities"). */
export function communityLinks(communities: readonly ActorRow[]): Html {
  return html`<ul class="digest-list communities">
${communities.map((community) => {
  const href = communityHref(community);
  return html`<li>${href ? html`<a href="${href}">${displayName(community)}</a>` : displayName(community)} <span class="handle muted">${handleOf(community)}</span></li>`;
})}
</ul>`;
}
