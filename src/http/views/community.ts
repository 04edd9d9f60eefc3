// A community's page: about (name, summary, rules, languages, topics,
// moderators, members), the join button and the "join from another server"
// form, then its discussions, which a private community shows to its members
// only (the moderators' page is views/community-moderation.ts).
import { oembedLink } from "../embeds/oembed-link.ts";
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import { communityLanguages, communityTopics, type Community } from "../../domain/communities.ts";
import type { FollowRow } from "../../domain/follows.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { actorRow } from "./actors.ts";
import { accessLabel, communityPath } from "./communities-index.ts";
import { csrfInput, displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, joinHtml, fillFragments, languageName, timeTag } from "./note.ts";
import { excerpt } from "./notebook.ts";
import { numberFormat } from "../../domain/intl-formats.ts";

/** Where the signed-in viewer stands with a community. */
export type Membership = "none" | "pending" | "member";

export interface CommunityViewer {
  readonly membership: Membership;
  readonly moderator: boolean;
  readonly banned: boolean;
}

export interface ThreadSummary {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
  readonly replies: number;
  readonly pinned: boolean;
  readonly locked: boolean;
}

export interface CommunityPageData {
  readonly community: Community;
  readonly moderators: readonly ActorRow[];
  readonly members: number;
  /** Null for anonymous visitors. */
  readonly viewer: CommunityViewer | null;
  /** Null when the viewer may not read them (a private community, not a member). */
  readonly threads: readonly ThreadSummary[] | null;
  readonly nextHref: string | null;
  readonly canStartThread: boolean;
  /** For moderators: how many join requests wait. */
  readonly pendingRequests: number | null;
  /** Catalog key of what the signed-in member just did here (created, joined, left, updated), or null. */
  readonly status?: `communities.done.${"created" | "joined" | "left" | "updated"}` | null;
}

export function threadPath(community: Community, note: Pick<NoteRow, "id">): string {
  return `${communityPath(community)}/t/${encodeURIComponent(note.id)}`;
}

export function isPrivate(community: Community): boolean {
  return community.settings.visibility === "private";
}

/** Always shown on a private community's pages (DESIGN.md, Groups). */
export function mastodonNotice(v: ViewContext, community: Community): Html {
  return isPrivate(community) ? html`<p class="notice mastodon-notice">${v.t("communities.mastodonNotice")}</p>` : html``;
}

export function threadFlags(v: ViewContext, flags: { pinned: boolean; locked: boolean }): Html {
  return html`${flags.pinned ? html` <span class="flag pinned">${v.t("communities.pinned")}</span>` : ""}${
    flags.locked ? html` <span class="flag locked">${v.t("communities.locked")}</span>` : ""
  }`;
}

function membershipControl(v: ViewContext, community: Community, viewer: CommunityViewer | null): Html {
  const path = communityPath(community);
  if (!viewer) {
    return html`<p class="join"><a href="/signin?next=${encodeURIComponent(path)}">${v.t("communities.signinToJoin")}</a></p>`;
  }
  const status = viewer.moderator ? html`<p class="muted">${v.t("communities.isModerator")}</p>` : html``;
  if (viewer.banned) return html`<p class="notice">${v.t("communities.banned")}</p>`;
  if (viewer.membership === "none") {
    return html`${status}<form class="follow join" method="post" action="${path}/join">${csrfInput(v)}<button type="submit">${
      v.t(isPrivate(community) ? "communities.requestJoin" : "communities.join")
    }</button></form>`;
  }
  if (viewer.membership === "pending") {
    return html`<form class="follow join" method="post" action="${path}/leave">${csrfInput(v)}<span class="pending">${v.t("communities.pending")}</span>
<button type="submit" class="secondary">${v.t("communities.cancelRequest")}</button></form>`;
  }
  return html`${status}<p class="muted">${v.t("communities.isMember")}</p>
<form class="follow join" method="post" action="${path}/leave">${csrfInput(v)}<button type="submit" class="secondary">${v.t("communities.leave")}</button></form>`;
}

/** Joining from another server: the handle goes to /interact, which asks that server where to send the person. */
function remoteJoinForm(v: ViewContext, community: Community): Html {
  const handle = handleOf(community.actor);
  return html`<section class="remote-join" id="remote-join">
<h2>${v.t("communities.remoteTitle")}</h2>
<p>${v.t("communities.remoteHelp")}</p>
<form class="form" method="get" action="/interact">
<input type="hidden" name="uri" value="${community.actor.uri}">
<label>${v.t("communities.remoteAccount")}
<input name="account" placeholder="${v.t("communities.remotePlaceholder")}" autocapitalize="none" spellcheck="false" required>
</label>
<button type="submit">${v.t("communities.remoteSubmit")}</button>
</form>
<p class="muted">${v.t("communities.remoteOr", { handle })}</p>
</section>`;
}

function about(v: ViewContext, data: CommunityPageData): Html {
  const { community } = data;
  const languages = communityLanguages(community.settings);
  const topics = communityTopics(community.settings);
  const count = numberFormat(v.lang === "fr" ? "fr-CA" : "en-CA");
  return html`<section class="community-about" id="about">
<h2>${v.t("communities.about")}</h2>
<dl class="facts">
<dt>${v.t("communities.visibility")}</dt><dd>${accessLabel(v, community)} <span class="muted">${
    v.t(isPrivate(community) ? "communities.privateHelp" : "communities.publicHelp")
  }</span></dd>
<dt>${v.t("communities.memberCount")}</dt><dd class="members">${count.format(data.members)}</dd>
${languages.length > 0 ? html`<dt>${v.t("communities.languages")}</dt><dd>${languages.map((l, i) => html`${i > 0 ? ", " : ""}${languageName(v, l)}`)}</dd>` : ""}
${data.moderators.length > 0 ? html`<dt>${v.t("communities.moderators")}</dt><dd class="moderators">${joinHtml(v, data.moderators.map(actorLink))}</dd>` : ""}
</dl>
${topics.length > 0 ? html`<h3>${v.t("communities.topics")}</h3><ul class="tags">${topics.map((t) => html`<li class="p-category">${t}</li>`)}</ul>` : ""}
${community.settings.rules?.trim() ? html`<h3>${v.t("communities.rules")}</h3><div class="summary rules">${community.settings.rules.trim()}</div>` : ""}
${community.settings.posting_restricted_to_mods === 1 ? html`<p class="muted">${v.t("communities.restricted")}</p>` : ""}
</section>`;
}

function threadList(v: ViewContext, community: Community, threads: readonly ThreadSummary[]): Html {
  if (threads.length === 0) return html`<p class="muted">${v.t("communities.noThreads")}</p>`;
  return html`<ul class="links threads">
${threads.map(
  (t) => html`<li class="thread${t.pinned ? " pinned" : ""}" lang="${t.note.language ?? v.lang}"><a href="${threadPath(community, t.note)}">${t.note.title}</a>${threadFlags(v, t)}
<br><span class="muted" lang="${v.lang}">${t.authors.length > 0 ? html`${fillFragments(v.t("communities.by", { names: "{names}" }), { names: joinHtml(v, t.authors.map(actorLink)) })} · ` : ""}${timeTag(
    v,
    t.note.published_at,
  )} · <span class="reply-count">${v.t("communities.replies", { count: t.replies })}</span></span></li>`,
)}
</ul>`;
}

function newThreadForm(v: ViewContext, community: Community): Html {
  return html`<details class="new-thread">
<summary>${v.t("communities.newThread")}</summary>
<form class="form wide" method="post" action="${communityPath(community)}/threads">
${csrfInput(v)}
<label>${v.t("communities.threadTitle")}
<input name="title" maxlength="300" required>
</label>
<label>${v.t("communities.threadContent")}
<textarea name="content" rows="8" required></textarea>
</label>
<button type="submit">${v.t("communities.threadSubmit")}</button>
</form>
</details>`;
}

export function communityPage(v: ViewContext, data: CommunityPageData): Html {
  const { community } = data;
  const actor = community.actor;
  const name = displayName(actor);
  const url = new URL(communityPath(community), v.origin).href;
  const description = actor.summary?.trim() ? excerpt(actor.summary) : v.t("communities.description", { name, instance: v.instance.name });
  const icon = v.media(actor.icon_url);
  return layout(
    v,
    {
      title: name,
      description,
      canonical: url,
      og: { type: "website", url, title: name, description, image: icon, extra: { "profile:username": actor.username } },
      links: [{ rel: "alternate", type: "application/activity+json", href: actor.uri }, ...(actor.is_local && community.settings.visibility === "public" ? [...feedLinks(FEED_PATHS.community(actor.username)), oembedLink(v.origin, `/c/${actor.username}`)] : [])],
    },
    html`${data.status ? html`<p class="notice" role="status">${v.t(data.status)}</p>` : ""}<article class="community h-card">
<header class="profile-head">
${icon ? html`<img class="avatar u-photo" src="${icon}" alt="" width="96" height="96">` : ""}
<div>
<h1 class="p-name">${name}</h1>
<p class="handle">${handleOf(actor)} · ${accessLabel(v, community)}</p>
</div>
</header>
${actor.summary?.trim() ? html`<div class="summary p-note">${actor.summary.trim()}</div>` : ""}
${mastodonNotice(v, community)}
${membershipControl(v, community, data.viewer)}
${data.pendingRequests != null
  ? html`<p class="own-links"><a href="${communityPath(community)}/moderation">${v.t("communities.moderation")}</a> · ${v.t("communities.requestsCount", {
      count: data.pendingRequests,
    })} · <a href="${communityPath(community)}/edit">${v.t("communities.editLink")}</a></p>`
  : ""}
${about(v, data)}
<section class="community-threads" id="threads">
<h2>${v.t("communities.threads")}</h2>
${data.threads == null
  ? html`<p class="notice private-notice">${v.t("communities.privateNotice")}</p>`
  : html`${data.canStartThread ? newThreadForm(v, community) : ""}${threadList(v, community, data.threads)}${
      data.nextHref ? html`<p class="pager"><a rel="next" href="${data.nextHref}">${v.t("communities.next")}</a></p>` : ""
    }`}
</section>
${remoteJoinForm(v, community)}
</article>`,
  );
}
