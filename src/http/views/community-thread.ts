// One discussion of a community: the opening post and its replies nested as
// they answer one another, from this instance or any other. Bodies are the
// sanitized HTML the domain stored; everything else is escaped. Members get a
// reply form under each post; a locked thread shows it is locked instead.
import { noteBody } from "./cached-images.ts";
import { html, raw } from "hono/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import type { Community } from "../../domain/communities.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { communityPath } from "./communities-index.ts";
import { mastodonNotice, threadFlags, threadPath } from "./community.ts";
import { csrfInput, displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, fillFragments, joinHtml, notePath, timeTag } from "./note.ts";
import { excerpt } from "./notebook.ts";

export interface ThreadPost {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
  /** Why its content is not shown (its replies still are); null when it is shown. */
  readonly hidden: "deleted" | "removed" | "unavailable" | null;
  readonly children: readonly ThreadPost[];
}

/** What the viewer may do below the posts. */
export type ReplyAccess = "allowed" | "locked" | "join" | "signin" | "banned";

export interface ThreadPageData {
  readonly community: Community;
  readonly root: ThreadPost;
  readonly pinned: boolean;
  readonly locked: boolean;
  readonly access: ReplyAccess;
  /** The thread is not public, or an author of its first post refuses search engines. */
  readonly noindex?: boolean;
}

const HIDDEN_KEYS = { deleted: "communities.deleted", removed: "communities.removed", unavailable: "communities.unavailable" } as const;

function postId(note: Pick<NoteRow, "id">): string {
  return `post-${note.id}`;
}

function byline(v: ViewContext, post: ThreadPost): Html {
  const authors = post.authors.length > 0 ? fillFragments(v.t("communities.by", { names: "{names}" }), { names: joinHtml(v, post.authors.map(actorLink)) }) : "";
  return html`<p class="byline muted" lang="${v.lang}">${authors}${authors ? " · " : ""}<a class="u-url" href="${notePath(post.note)}" title="${v.t("communities.permalink")}">${timeTag(
    v,
    post.note.published_at,
    true,
  )}</a></p>`;
}

function replyForm(v: ViewContext, data: ThreadPageData, parent: NoteRow, open: boolean): Html {
  const form = html`<form class="form wide reply-form" method="post" action="${threadPath(data.community, data.root.note)}/reply">
${csrfInput(v)}<input type="hidden" name="parent" value="${parent.uri}">
<label>${v.t("communities.replyContent")}
<textarea name="content" rows="${open ? 6 : 4}" required></textarea>
</label>
<button type="submit">${v.t("communities.replySubmit")}</button>
</form>`;
  return open ? form : html`<details class="reply"><summary>${v.t("communities.reply")}</summary>${form}</details>`;
}

function reply(v: ViewContext, data: ThreadPageData, post: ThreadPost): Html {
  const body = post.hidden
    ? html`<p class="muted hidden-post">${v.t(HIDDEN_KEYS[post.hidden])}</p>`
    : html`${post.note.title.trim() ? html`<h3 class="p-name">${post.note.title}</h3>` : ""}${byline(v, post)}
<div class="note-body e-content">${noteBody(v, post.note.content_html)}</div>
${data.access === "allowed" ? replyForm(v, data, post.note, false) : ""}`;
  return html`<li class="post h-entry" id="${postId(post.note)}"${!post.hidden && post.note.language ? html` lang="${post.note.language}"` : ""}>
${body}
${replies(v, data, post.children)}
</li>`;
}

function replies(v: ViewContext, data: ThreadPageData, posts: readonly ThreadPost[]): Html {
  return posts.length > 0 ? html`<ol class="replies">${posts.map((p) => reply(v, data, p))}</ol>` : html``;
}

function accessNotice(v: ViewContext, data: ThreadPageData): Html {
  const path = threadPath(data.community, data.root.note);
  switch (data.access) {
    case "allowed":
      return replyForm(v, data, data.root.note, true);
    case "locked":
      return html`<p class="notice locked-notice">${v.t("communities.lockedNotice")}</p>`;
    case "join":
      return html`<p class="notice"><a href="${communityPath(data.community)}">${v.t("communities.joinToReply")}</a></p>`;
    case "signin":
      return html`<p class="notice"><a href="/signin?next=${encodeURIComponent(path)}">${v.t("communities.signinToReply")}</a></p>`;
    case "banned":
      return html`<p class="notice">${v.t("communities.banned")}</p>`;
  }
}

export function threadPage(v: ViewContext, data: ThreadPageData): Html {
  const { community, root } = data;
  const note = root.note;
  const url = new URL(threadPath(community, note), v.origin).href;
  const name = displayName(community.actor);
  const description = note.summary ? excerpt(note.summary) : undefined;
  const firstAuthor = root.authors[0];
  const extra: Record<string, string> = { "article:published_time": note.published_at, "article:section": name };
  if (firstAuthor) extra["article:author"] = handleOf(firstAuthor);
  return layout(
    v,
    {
      title: note.title,
      description,
      canonical: url,
      noindex: data.noindex ?? false,
      og: { type: "article", url, title: note.title, description, image: community.actor.icon_url, extra },
      links: [{ rel: "alternate", type: "application/activity+json", href: note.uri }],
    },
    html`<p class="breadcrumb"><a href="${communityPath(community)}">${v.t("communities.inCommunity", { name })}</a></p>
${mastodonNotice(v, community)}
<article class="thread h-entry" id="${postId(note)}"${note.language ? html` lang="${note.language}"` : ""}>
<header class="note-head">
<h1 class="p-name">${note.title}${threadFlags(v, data)}</h1>
${byline(v, root)}
</header>
<div class="note-body e-content">${noteBody(v, note.content_html)}</div>
</article>
<section class="thread-replies" id="replies" lang="${v.lang}">
<h2>${v.t("communities.replies", { count: countPosts(root.children) })}</h2>
${replies(v, data, root.children)}
${accessNotice(v, data)}
</section>`,
  );
}

/** Replies shown (hidden ones that are kept for their own replies do not count). */
export function countPosts(posts: readonly ThreadPost[]): number {
  return posts.reduce((n, p) => n + (p.hidden ? 0 : 1) + countPosts(p.children), 0);
}
