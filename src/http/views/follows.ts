// Lists of follows: a local person's followers and followees (public), and
// the pending requests a locked account answers.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { FollowRow } from "../../domain/follows.ts";
import { actorRow } from "./actors.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { settingsNav } from "./settings.ts";

export type Direction = "followers" | "following";

export interface FollowsList {
  readonly owner: ActorRow;
  readonly direction: Direction;
  readonly actors: readonly ActorRow[];
  /** Link to the next page, or null on the last one. */
  readonly nextHref: string | null;
}

function pager(v: ViewContext, nextHref: string | null): Html {
  return nextHref ? html`<p class="pager"><a href="${nextHref}" rel="next">${v.t("follows.next")}</a></p>` : html``;
}

export function followsPage(v: ViewContext, list: FollowsList): Html {
  const name = displayName(list.owner);
  const title = list.direction === "followers" ? v.t("follows.followersTitle", { name }) : v.t("follows.followingTitle", { name });
  const empty = list.direction === "followers" ? v.t("follows.noFollowers") : v.t("follows.noFollowing");
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
<p><a href="/@${list.owner.username}">${v.t("follows.backToProfile")}</a></p>
${list.actors.length > 0 ? html`<ul class="people rows">${list.actors.map((actor) => actorRow(v, actor))}</ul>` : html`<p class="muted">${empty}</p>`}
${pager(v, list.nextHref)}`,
  );
}

export interface RequestsList {
  readonly locked: boolean;
  readonly requests: readonly { readonly follow: FollowRow; readonly actor: ActorRow }[];
  readonly nextHref: string | null;
}

function answerForms(v: ViewContext, follow: FollowRow): Html {
  const base = `/follow-requests/${encodeURIComponent(follow.id)}`;
  return html`<div class="actions">
<form method="post" action="${base}/accept">${csrfInput(v)}<button type="submit">${v.t("requests.accept")}</button></form>
<form method="post" action="${base}/reject">${csrfInput(v)}<button type="submit" class="secondary">${v.t("requests.reject")}</button></form>
</div>`;
}

export function requestsPage(v: ViewContext, list: RequestsList): Html {
  return layout(
    v,
    { title: v.t("requests.title") },
    html`${settingsNav(v, "requests")}
<h1>${v.t("requests.title")}</h1>
<p class="muted">${list.locked ? v.t("requests.intro") : v.t("requests.unlocked")}</p>
${list.requests.length > 0
  ? html`<ul class="people rows">${list.requests.map(({ follow, actor }) => actorRow(v, actor, answerForms(v, follow)))}</ul>`
  : html`<p>${v.t("requests.none")}</p>`}
${pager(v, list.nextHref)}`,
  );
}
