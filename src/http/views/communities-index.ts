// The communities (Passerelles) of this instance: name, handle, summary,
// access and member count, and the way to create one.
import { html } from "hono/html";
import { handleOf } from "../../domain/actors.ts";
import type { Community } from "../../domain/communities.ts";
import { displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { excerpt } from "./notebook.ts";

export interface ListedCommunity {
  readonly community: Community;
  readonly members: number;
}

export interface CommunitiesIndexData {
  readonly communities: readonly ListedCommunity[];
  /** Link to the next page, or null on the last one. */
  readonly nextHref: string | null;
}

/** "Publique" / "Privée", as a small label. */
export function accessLabel(v: ViewContext, community: Community): Html {
  const isPrivate = community.settings.visibility === "private";
  return html`<span class="access ${isPrivate ? "private" : "public"}">${v.t(isPrivate ? "communities.private" : "communities.public")}</span>`;
}

export function communityPath(community: Community): string {
  return `/c/${encodeURIComponent(community.actor.username)}`;
}

export function communitiesIndexPage(v: ViewContext, data: CommunitiesIndexData): Html {
  const url = new URL("/communities", v.origin).href;
  const title = v.t("communities.title");
  const description = v.t("communities.intro", { instance: v.instance.name });
  return layout(
    v,
    { title, description, canonical: url, og: { type: "website", url, title, description } },
    html`<h1>${title}</h1>
<p class="lead">${description}</p>
${v.user ? html`<p><a href="/communities/new">${v.t("communities.create")}</a></p>` : ""}
${data.communities.length === 0
  ? html`<p class="muted">${v.t("communities.none")}</p>`
  : html`<ul class="people rows communities">
${data.communities.map(
  ({ community, members }) => html`<li class="person">
${v.media(community.actor.icon_url) ? html`<img class="avatar" src="${v.media(community.actor.icon_url)}" alt="" width="48" height="48" loading="lazy">` : ""}
<div class="person-body"><a href="${communityPath(community)}">${displayName(community.actor)}</a><span class="handle">${handleOf(community.actor)}</span>
${community.actor.summary?.trim() ? html`<p>${excerpt(community.actor.summary, 240)}</p>` : ""}
<p class="muted">${accessLabel(v, community)} · ${v.t("communities.members", { count: members })}</p></div>
</li>`,
)}
</ul>`}
${data.nextHref ? html`<p class="pager"><a rel="next" href="${data.nextHref}">${v.t("knowledge.next")}</a></p>` : ""}`,
  );
}
