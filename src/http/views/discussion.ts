// The replies of a discussion, nested as they answer one another, as both a
// community's thread page and a note's page show them: each with its author,
// its date, its like and reply counts, a like button for signed-in people,
// "edit" and "delete" for its own author, and a reply form when the viewer
// may answer. Bodies are the sanitized HTML the domain stored.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow } from "../../domain/notes.ts";
import type { Participation } from "../../domain/reactions.ts";
import { noteBody } from "./cached-images.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { actorLink, fillFragments, joinHtml, notePath, timeTag } from "./note.ts";

export interface ThreadPost {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
  /** Why its content is not shown (its replies still are); null when it is shown. */
  readonly hidden: "deleted" | "removed" | "unavailable" | null;
  readonly children: readonly ThreadPost[];
}

/** What the page around the replies decides for them. */
export interface DiscussionContext {
  /** The page's path (a thread's, or a note's): where likes, edits and deletions come back to. */
  readonly backPath: string;
  /** Where a reply form posts (with the `parent` it answers); null when the viewer may not reply. */
  readonly replyAction: string | null;
  /** Likes of each post shown, and what the viewer did. */
  readonly participation: ReadonlyMap<string, Participation>;
  /** The posts the viewer may edit and delete (their own replies written here). */
  readonly editable: ReadonlySet<string>;
}

const HIDDEN_KEYS = { deleted: "communities.deleted", removed: "communities.removed", unavailable: "communities.unavailable" } as const;

export function postId(note: Pick<NoteRow, "id">): string {
  return `post-${note.id}`;
}

/** Replies shown (hidden ones that are kept for their own replies do not count). */
export function countPosts(posts: readonly ThreadPost[]): number {
  return posts.reduce((n, p) => n + (p.hidden ? 0 : 1) + countPosts(p.children), 0);
}

export function postByline(v: ViewContext, post: ThreadPost): Html {
  const authors = post.authors.length > 0 ? fillFragments(v.t("communities.by", { names: "{names}" }), { names: joinHtml(v, post.authors.map(actorLink)) }) : "";
  return html`<p class="byline muted" lang="${v.lang}">${authors}${authors ? " · " : ""}<a class="u-url" href="${notePath(post.note)}" title="${v.t("communities.permalink")}">${timeTag(
    v,
    post.note.published_at,
    true,
  )}</a></p>`;
}

export function replyForm(v: ViewContext, action: string, parent: NoteRow, open: boolean): Html {
  const form = html`<form class="form wide reply-form" method="post" action="${action}">
${csrfInput(v)}<input type="hidden" name="parent" value="${parent.uri}">
<label>${v.t("communities.replyContent")}
<textarea name="content" rows="${open ? 6 : 4}" required></textarea>
</label>
<button type="submit">${v.t("communities.replySubmit")}</button>
</form>`;
  return open ? form : html`<details class="reply"><summary>${v.t("communities.reply")}</summary>${form}</details>`;
}

/** `?back=` of the links and forms that come back to this page, at this post. */
function backQuery(context: DiscussionContext): string {
  return `back=${encodeURIComponent(context.backPath)}`;
}

/** Counts for everyone; the like button for signed-in people; edit and delete for the post's own author. */
function postActions(v: ViewContext, context: DiscussionContext, post: ThreadPost): Html {
  const p = context.participation.get(post.note.id);
  const likes = p?.likes ?? 0;
  const liked = p?.likedByMe ?? false;
  const path = notePath(post.note);
  const like = v.user
    ? html`<form method="post" action="${path}/like">${csrfInput(v)}<input type="hidden" name="back" value="${context.backPath}">${
        liked ? html`<input type="hidden" name="undo" value="1">` : ""
      }<button type="submit" class="secondary" aria-pressed="${liked ? "true" : "false"}">${v.t(liked ? "replies.unlike" : "replies.like")}</button></form>`
    : "";
  const own = context.editable.has(post.note.id)
    ? html`<a href="/replies/${encodeURIComponent(post.note.id)}/edit?${backQuery(context)}">${v.t("replies.edit")}</a>
<a class="danger-link" href="/replies/${encodeURIComponent(post.note.id)}/delete?${backQuery(context)}">${v.t("replies.delete")}</a>`
    : "";
  return html`<div class="post-actions" lang="${v.lang}"><span class="likes">${v.t("participation.likes", { count: likes })}</span>
<span class="reply-count">${v.t("replies.count", { count: countPosts(post.children) })}</span>
${like}${own}</div>`;
}

function reply(v: ViewContext, context: DiscussionContext, post: ThreadPost): Html {
  const body = post.hidden
    ? html`<p class="muted hidden-post">${v.t(HIDDEN_KEYS[post.hidden])}</p>`
    : html`${post.note.title.trim() ? html`<h3 class="p-name">${post.note.title}</h3>` : ""}${postByline(v, post)}
<div class="note-body e-content">${noteBody(v, post.note.content_html)}</div>
${postActions(v, context, post)}
${context.replyAction ? replyForm(v, context.replyAction, post.note, false) : ""}`;
  return html`<li class="post h-entry" id="${postId(post.note)}"${!post.hidden && post.note.language ? html` lang="${post.note.language}"` : ""}>
${body}
${replyList(v, context, post.children)}
</li>`;
}

export function replyList(v: ViewContext, context: DiscussionContext, posts: readonly ThreadPost[]): Html {
  return posts.length > 0 ? html`<ol class="replies">${posts.map((p) => reply(v, context, p))}</ol>` : html``;
}

/** Every post's id in the tree, shown or kept for its replies. */
export function postIds(post: ThreadPost): string[] {
  return [post.note.id, ...post.children.flatMap(postIds)];
}

/** The posts of the tree whose content is shown. */
export function shownPosts(post: ThreadPost): ThreadPost[] {
  return [...(post.hidden ? [] : [post]), ...post.children.flatMap(shownPosts)];
}
