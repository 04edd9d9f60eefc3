// "Discussion" under a note: its replies (from here and elsewhere) with their
// counts and actions (discussion.ts), and a reply form for signed-in people.
// A note posted in a community is answered in the community's thread (where
// its moderators' rules, such as a lock, apply): the page links there instead.
import { html } from "hono/html";
import { countPosts, replyForm, replyList, type DiscussionContext, type ThreadPost } from "./discussion.ts";
import type { Html, ViewContext } from "./layout.ts";

export interface NoteDiscussion {
  readonly root: ThreadPost;
  readonly context: DiscussionContext;
  /** The community threads this note opens, where it is answered instead of here. */
  readonly threads: readonly { readonly href: string; readonly name: string }[];
  /** Where a visitor signs in to reply. */
  readonly signinHref: string;
}

function replyHere(v: ViewContext, d: NoteDiscussion): Html {
  if (d.threads.length > 0) return html`<ul class="links">${d.threads.map((t) => html`<li><a href="${t.href}">${v.t("communities.inCommunity", { name: t.name })}</a></li>`)}</ul>`;
  if (d.context.replyAction) return html`<h3>${v.t("replies.replyToNote")}</h3>${replyForm(v, d.context.replyAction, d.root.note, true)}`;
  return v.user ? html`` : html`<p class="notice"><a href="${d.signinHref}">${v.t("replies.signinToReply")}</a></p>`;
}

export function noteDiscussionSection(v: ViewContext, d: NoteDiscussion): Html {
  const count = countPosts(d.root.children);
  return html`<section class="note-discussion thread-replies" id="replies" lang="${v.lang}">
<h2>${v.t("replies.discussion")} <span class="muted">(${v.t("replies.count", { count })})</span></h2>
${count === 0 && d.root.children.length === 0 ? html`<p class="muted">${v.t("replies.none")}</p>` : replyList(v, d.context, d.root.children)}
${replyHere(v, d)}
</section>`;
}
