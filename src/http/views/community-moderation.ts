// A community's moderation page: join requests, reports, threads (pin, lock,
// remove), removed posts (restore), bans and moderators, each action a small
// form; and the moderation view of one thread, where replies are removed or
// restored. Destructive actions are red and go through the confirmation step
// (views/confirm.ts) before anything happens.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { Community } from "../../domain/communities.ts";
import type { BanRow } from "../../domain/community-moderation.ts";
import type { ThreadRow } from "../../domain/community-threads.ts";
import type { FollowRow } from "../../domain/follows.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { plainText } from "../../domain/sanitize.ts";
import { actorRow } from "./actors.ts";
import { communityPath } from "./communities-index.ts";
import { threadFlags, threadPath } from "./community.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, timeTag } from "./note.ts";
import { reportItem, type ReportListItem } from "./reports.ts";

export function moderationPath(community: Community): string {
  return `${communityPath(community)}/moderation`;
}

export function threadModerationPath(community: Community, note: Pick<NoteRow, "id">): string {
  return `${moderationPath(community)}/t/${encodeURIComponent(note.id)}`;
}

export function postActionPath(community: Community, note: Pick<NoteRow, "id">, action: string): string {
  return `${moderationPath(community)}/posts/${encodeURIComponent(note.id)}/${action}`;
}

/** What the ban and moderator forms keep after a refusal, so nothing typed is lost. */
export interface ModerationForms {
  readonly banActor: string;
  readonly banReason: string;
  readonly moderatorActor: string;
}

export const EMPTY_MODERATION_FORMS: ModerationForms = { banActor: "", banReason: "", moderatorActor: "" };

export interface CommunityModerationData {
  readonly community: Community;
  readonly requests: readonly { readonly follow: FollowRow; readonly actor: ActorRow }[];
  readonly reports: readonly ReportListItem[];
  readonly threads: readonly ThreadRow[];
  readonly removed: readonly { readonly note: NoteRow; readonly isThread: boolean; readonly removedAt: string }[];
  readonly bans: readonly BanRow[];
  readonly moderators: readonly ActorRow[];
  /** What was just done (after the redirect), or why it was refused. */
  readonly notice: string | null;
  readonly problem: string | null;
  readonly forms: ModerationForms;
}

function statusLines(notice: string | null, problem: string | null): Html {
  return html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}`;
}

/** One button in its own form (the action needs nothing else). */
function button(v: ViewContext, action: string, label: string, style: "" | "secondary" | "danger" = "", back = ""): Html {
  return html`<form method="post" action="${action}">${csrfInput(v)}${back ? html`<input type="hidden" name="back" value="${back}">` : ""}<button type="submit"${style ? html` class="${style}"` : ""}>${label}</button></form>`;
}

function titleOf(v: ViewContext, note: NoteRow): string {
  return note.title?.trim() || plainText(note.content_html ?? "", 120) || v.t("moderation.untitled");
}

function requestsSection(v: ViewContext, data: CommunityModerationData): Html {
  const base = `${moderationPath(data.community)}/requests`;
  return html`<section id="requests">
<h2>${v.t("communities.requests")}</h2>
<p class="muted">${v.t("communities.requestsIntro")}</p>
${data.requests.length > 0
  ? html`<ul class="people rows">${data.requests.map(({ follow, actor }) =>
      actorRow(
        v,
        actor,
        html`<div class="actions">${button(v, `${base}/${encodeURIComponent(follow.id)}/accept`, v.t("requests.accept"))}${button(v, `${base}/${encodeURIComponent(follow.id)}/reject`, v.t("requests.reject"), "secondary")}</div>`,
      ),
    )}</ul>`
  : html`<p>${v.t("communities.noRequests")}</p>`}
</section>`;
}

function reportsSection(v: ViewContext, data: CommunityModerationData): Html {
  return html`<section id="reports">
<h2>${v.t("moderation.reports")}</h2>
${data.reports.length > 0
  ? html`<ul class="reports">${data.reports.map((item) => reportItem(v, item, `${moderationPath(data.community)}#reports`, "h3"))}</ul>`
  : html`<p>${v.t("reports.none")}</p>`}
</section>`;
}

/** `back`: the thread's moderation view when the controls are shown there. */
function threadControls(v: ViewContext, community: Community, thread: ThreadRow, back = ""): Html {
  const lockForm = thread.locked
    ? button(v, postActionPath(community, thread.note, "unlock"), v.t("moderation.unlock"), "secondary", back)
    : html`<details class="lock-reason"><summary>${v.t("moderation.lock")}</summary>
<form class="form" method="post" action="${postActionPath(community, thread.note, "lock")}">${csrfInput(v)}${back ? html`<input type="hidden" name="back" value="${back}">` : ""}
<label>${v.t("moderation.lockReason")}<input name="reason" maxlength="1000"></label>
<button type="submit">${v.t("moderation.lockSubmit")}</button>
</form></details>`;
  return html`<div class="actions">
${button(v, postActionPath(community, thread.note, thread.pinned ? "unpin" : "pin"), v.t(thread.pinned ? "moderation.unpin" : "moderation.pin"), "secondary", back)}
${lockForm}
${back ? "" : html`<a class="button secondary" href="${threadModerationPath(community, thread.note)}">${v.t("moderation.replies")}</a>`}
${button(v, postActionPath(community, thread.note, "remove"), v.t("moderation.remove"), "danger", back)}
</div>`;
}

function threadsSection(v: ViewContext, data: CommunityModerationData): Html {
  return html`<section id="threads">
<h2>${v.t("moderation.threads")}</h2>
<p class="muted">${v.t("moderation.threadsIntro")}</p>
${data.threads.length > 0
  ? html`<ul class="moderated-posts">${data.threads.map(
      (thread) => html`<li class="moderated-post" id="post-${thread.note.id}">
<p><a href="${threadPath(data.community, thread.note)}">${titleOf(v, thread.note)}</a>${threadFlags(v, thread)} <span class="muted">· ${timeTag(v, thread.note.published_at)}</span></p>
${threadControls(v, data.community, thread)}
</li>`,
    )}</ul>`
  : html`<p>${v.t("communities.noThreads")}</p>`}
</section>`;
}

function removedSection(v: ViewContext, data: CommunityModerationData): Html {
  return html`<section id="removed">
<h2>${v.t("moderation.removed")}</h2>
${data.removed.length > 0
  ? html`<ul class="moderated-posts">${data.removed.map(
      ({ note, isThread, removedAt }) => html`<li class="moderated-post">
<p>${titleOf(v, note)} <span class="muted">· ${v.t(isThread ? "moderation.isThread" : "moderation.isReply")} · ${v.t("moderation.removedOn", { date: "" })}${timeTag(v, removedAt)}</span></p>
<div class="actions">${button(v, postActionPath(data.community, note, "restore"), v.t("moderation.restore"), "secondary")}</div>
</li>`,
    )}</ul>`
  : html`<p>${v.t("moderation.noneRemoved")}</p>`}
</section>`;
}

function bansSection(v: ViewContext, data: CommunityModerationData): Html {
  const base = `${moderationPath(data.community)}/bans`;
  return html`<section id="bans">
<h2>${v.t("moderation.bans")}</h2>
${data.bans.length > 0
  ? html`<ul class="people rows">${data.bans.map(({ actor, reason, createdAt }) =>
      actorRow(
        v,
        actor,
        html`<div class="ban-details"><p class="muted">${v.t("moderation.bannedOn", { date: "" })}${timeTag(v, createdAt)}${reason ? html` — ${reason}` : ""}</p>
<form method="post" action="${base}/lift">${csrfInput(v)}<input type="hidden" name="actor" value="${actor.uri}"><button type="submit" class="secondary">${v.t("moderation.unban")}</button></form></div>`,
      ),
    )}</ul>`
  : html`<p>${v.t("moderation.noBans")}</p>`}
<form class="form" method="post" action="${base}">${csrfInput(v)}
<h3>${v.t("moderation.banTitle")}</h3>
<label>${v.t("moderation.actor")}<input name="actor" value="${data.forms.banActor}" placeholder="${v.t("moderation.actorPlaceholder")}" autocapitalize="none" spellcheck="false" required></label>
<label>${v.t("moderation.banReason")}<input name="reason" value="${data.forms.banReason}" maxlength="1000"></label>
<button type="submit" class="danger">${v.t("moderation.ban")}</button>
</form>
</section>`;
}

function moderatorsSection(v: ViewContext, data: CommunityModerationData): Html {
  const base = `${moderationPath(data.community)}/moderators`;
  const mine = v.user?.actor.id;
  return html`<section id="moderators">
<h2>${v.t("communities.moderators")}</h2>
<ul class="people rows">${data.moderators.map((actor) =>
    actorRow(
      v,
      actor,
      data.moderators.length > 1
        ? html`<form method="post" action="${base}/remove">${csrfInput(v)}<input type="hidden" name="actor" value="${actor.uri}"><button type="submit" class="danger">${v.t(
            actor.id === mine ? "moderation.stepDown" : "moderation.removeModerator",
          )}</button></form>`
        : "",
    ),
  )}</ul>
<form class="form" method="post" action="${base}">${csrfInput(v)}
<h3>${v.t("moderation.addModeratorTitle")}</h3>
<label>${v.t("moderation.actor")}<input name="actor" value="${data.forms.moderatorActor}" placeholder="${v.t("moderation.actorPlaceholder")}" autocapitalize="none" spellcheck="false" required></label>
<button type="submit">${v.t("moderation.addModerator")}</button>
</form>
</section>`;
}

export function communityModerationPage(v: ViewContext, data: CommunityModerationData): Html {
  const { community } = data;
  const title = v.t("communities.moderationTitle", { name: displayName(community.actor) });
  const sections = [
    ["requests", v.t("communities.requests")],
    ["reports", v.t("moderation.reports")],
    ["threads", v.t("moderation.threads")],
    ["removed", v.t("moderation.removed")],
    ["bans", v.t("moderation.bans")],
    ["moderators", v.t("communities.moderators")],
  ] as const;
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
<p><a href="${communityPath(community)}">${v.t("communities.back")}</a> · <a href="${communityPath(community)}/edit">${v.t("communities.editLink")}</a></p>
${statusLines(data.notice, data.problem)}
<nav class="settings-nav" aria-label="${v.t("moderation.sections")}"><ul>${sections.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}</ul></nav>
${requestsSection(v, data)}
${reportsSection(v, data)}
${threadsSection(v, data)}
${removedSection(v, data)}
${bansSection(v, data)}
${moderatorsSection(v, data)}`,
  );
}

export interface ThreadModerationPost {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
  readonly removed: boolean;
}

export interface ThreadModerationData {
  readonly community: Community;
  readonly thread: ThreadRow;
  readonly posts: readonly ThreadModerationPost[];
  readonly notice: string | null;
  readonly problem: string | null;
}

/** The thread and every reply, flat and oldest first, each removable (or restorable) on its own. */
export function threadModerationPage(v: ViewContext, data: ThreadModerationData): Html {
  const { community, thread } = data;
  const title = v.t("moderation.threadTitle", { title: titleOf(v, thread.note) });
  const back = threadModerationPath(community, thread.note);
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
<p><a href="${moderationPath(community)}#threads">${v.t("moderation.back")}</a> · <a href="${threadPath(community, thread.note)}">${v.t("moderation.seeThread")}</a>${threadFlags(v, thread)}</p>
${statusLines(data.notice, data.problem)}
${threadControls(v, community, thread, back)}
<h2>${v.t("moderation.repliesTitle")}</h2>
${data.posts.length > 0
  ? html`<ul class="moderated-posts">${data.posts.map(
      (post) => html`<li class="moderated-post" id="post-${post.note.id}">
<p>${post.authors.length > 0 ? html`${post.authors.map((a, i) => html`${i > 0 ? ", " : ""}${actorLink(a)}`)} · ` : ""}${timeTag(v, post.note.published_at, true)}${post.removed ? html` · <span class="flag">${v.t("moderation.removedFlag")}</span>` : ""}</p>
<blockquote lang="${post.note.language ?? v.lang}">${plainText(post.note.content_html ?? "", 300)}</blockquote>
<div class="actions">${post.removed
        ? button(v, postActionPath(community, post.note, "restore"), v.t("moderation.restore"), "secondary", back)
        : button(v, postActionPath(community, post.note, "remove"), v.t("moderation.remove"), "danger", back)}</div>
</li>`,
    )}</ul>`
  : html`<p>${v.t("moderation.noReplies")}</p>`}`,
  );
}
