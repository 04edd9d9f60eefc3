// Actors as the pages show them outside their own profile: a card (search
// results), a list row (followers), and the follow button. Remote actors
// have no page here: their name links to their own server's profile.
import { html } from "hono/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import type { FollowStatus } from "../../db/schema.ts";
import { csrfInput, displayName, isHttpUrl, type Html, type ViewContext } from "./layout.ts";

/** Where the viewer stands with an actor: not following, asked, or following. */
export type FollowState = "none" | FollowStatus;

/** The follow button's state and where its form returns to. */
export interface FollowControl {
  readonly state: FollowState;
  readonly next: string;
}

/** The profile page of a local actor, or the remote server's page (null when it gave none). */
export function profileHref(actor: ActorRow): string | null {
  if (actor.is_local === 1) return `/@${actor.username}`;
  if (isHttpUrl(actor.url)) return actor.url;
  return isHttpUrl(actor.uri) ? actor.uri : null;
}

function nameLink(actor: ActorRow): Html {
  const href = profileHref(actor);
  if (!href) return html`${displayName(actor)}`;
  return actor.is_local === 1
    ? html`<a href="${href}">${displayName(actor)}</a>`
    : html`<a href="${href}" rel="nofollow noopener noreferrer">${displayName(actor)}</a>`;
}

function avatar(v: ViewContext, actor: ActorRow, size: number): Html {
  const src = v.media(actor.icon_url);
  return src ? html`<img class="avatar" src="${src}" alt="" width="${size}" height="${size}" loading="lazy">` : html``;
}

export function followButton(v: ViewContext, actor: ActorRow, control: FollowControl): Html {
  const hidden = html`${csrfInput(v)}<input type="hidden" name="actor" value="${actor.id}"><input type="hidden" name="next" value="${control.next}">`;
  if (control.state === "none") {
    return html`<form class="follow" method="post" action="/follow">${hidden}<button type="submit">${v.t("follow.follow")}</button></form>`;
  }
  if (control.state === "pending") {
    return html`<form class="follow" method="post" action="/unfollow">${hidden}<span class="pending">${v.t("follow.pending")}</span>
<button type="submit" class="secondary">${v.t("follow.cancel")}</button></form>`;
  }
  return html`<form class="follow" method="post" action="/unfollow">${hidden}<button type="submit" class="secondary">${v.t("follow.unfollow")}</button></form>`;
}

function whereFrom(v: ViewContext, actor: ActorRow): string {
  return actor.is_local === 1 ? v.t("follow.local") : v.t("follow.remote", { host: actor.domain });
}

/** A search result: who it is, where from, and what the viewer can do. */
export function actorCard(v: ViewContext, actor: ActorRow, control: FollowControl | null): Html {
  const remote = actor.is_local !== 1 ? profileHref(actor) : null;
  return html`<article class="card">
${avatar(v, actor, 64)}
<div class="card-body">
<h2>${nameLink(actor)}</h2>
<p class="handle">${handleOf(actor)} · ${whereFrom(v, actor)}</p>
${actor.summary?.trim() ? html`<div class="summary">${actor.summary.trim()}</div>` : ""}
${remote ? html`<p><a href="${remote}" rel="nofollow noopener noreferrer">${v.t("follow.remoteProfile", { host: actor.domain })}</a></p>` : ""}
${control ? followButton(v, actor, control) : ""}
</div>
</article>`;
}

/** One row of a followers, following or requests list; `actions` go at its end. */
export function actorRow(v: ViewContext, actor: ActorRow, actions: Html | "" = ""): Html {
  return html`<li class="person">
${avatar(v, actor, 48)}
<div class="person-body">${nameLink(actor)}<span class="handle">${handleOf(actor)} · ${whereFrom(v, actor)}</span></div>
${actions}
</li>`;
}
