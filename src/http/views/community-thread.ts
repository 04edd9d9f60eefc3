// One discussion of a community: the opening post and its replies nested as
// they answer one another, from this instance or any other. Bodies are the
// sanitized HTML the domain stored; everything else is escaped. Members get a
// reply form under each post; a locked thread shows it is locked instead.
// The replies themselves (counts, likes, their authors' edit and delete) are
// drawn by discussion.ts, as on a note's page.
import { noteBody } from "./cached-images.ts";
import { html } from "hono/html";
import { handleOf } from "../../domain/actors.ts";
import type { Community } from "../../domain/communities.ts";
import { communityPath } from "./communities-index.ts";
import { mastodonNotice, threadFlags, threadPath } from "./community.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { notePath } from "./note.ts";
import type { Participation } from "../../domain/reactions.ts";
import { countPosts, postByline, postId, replyForm, replyList, type DiscussionContext, type ThreadPost } from "./discussion.ts";
import { excerpt } from "./notebook.ts";

/** What the viewer may do below the posts. */
export type ReplyAccess = "allowed" | "locked" | "join" | "signin" | "banned";

export interface ThreadPageData {
  readonly community: Community;
  readonly root: ThreadPost;
  readonly pinned: boolean;
  readonly locked: boolean;
  readonly access: ReplyAccess;
  /** Likes of the posts shown, and what the viewer did. */
  readonly participation: ReadonlyMap<string, Participation>;
  /** The replies the viewer may edit and delete (their own). */
  readonly editable: ReadonlySet<string>;
  /** What the viewer just did (a reply edited or deleted), said in a status line. */
  readonly status?: string | null;
  /** The thread is not public, or an author of its first post refuses search engines. */
  readonly noindex?: boolean;
}

function discussionOf(data: ThreadPageData): DiscussionContext {
  const path = threadPath(data.community, data.root.note);
  return { backPath: path, replyAction: data.access === "allowed" ? `${path}/reply` : null, participation: data.participation, editable: data.editable };
}

function accessNotice(v: ViewContext, data: ThreadPageData): Html {
  const path = threadPath(data.community, data.root.note);
  switch (data.access) {
    case "allowed":
      return replyForm(v, `${path}/reply`, data.root.note, true);
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
    html`${data.status ? html`<p class="notice" role="status">${data.status}</p>` : ""}
<p class="breadcrumb"><a href="${communityPath(community)}">${v.t("communities.inCommunity", { name })}</a></p>
${mastodonNotice(v, community)}
<article class="thread h-entry" id="${postId(note)}"${note.language ? html` lang="${note.language}"` : ""}>
<header class="note-head">
<h1 class="p-name">${note.title}${threadFlags(v, data)}</h1>
${postByline(v, root)}
</header>
<div class="note-body e-content">${noteBody(v, note.content_html)}</div>
${participationLine(v, data)}
</article>
<section class="thread-replies" id="replies" lang="${v.lang}">
<h2>${v.t("communities.replies", { count: countPosts(root.children) })}</h2>
${replyList(v, discussionOf(data), root.children)}
${accessNotice(v, data)}
</section>`,
  );
}

/** The opening post's likes, with its like button (the same form as its replies'). */
function participationLine(v: ViewContext, data: ThreadPageData): Html {
  const p = data.participation.get(data.root.note.id);
  const liked = p?.likedByMe ?? false;
  const path = threadPath(data.community, data.root.note);
  return html`<div class="post-actions" lang="${v.lang}"><span class="likes">${v.t("participation.likes", { count: p?.likes ?? 0 })}</span>
${v.user
  ? html`<form method="post" action="${notePath(data.root.note)}/like">${csrfInput(v)}<input type="hidden" name="back" value="${path}">${
      liked ? html`<input type="hidden" name="undo" value="1">` : ""
    }<button type="submit" class="secondary" aria-pressed="${liked ? "true" : "false"}">${v.t(liked ? "participation.unlike" : "participation.like")}</button></form>`
  : ""}</div>`;
}
