// A person's public profile page, with the OpenGraph card link previews use
// and the `alternate` link that lets fediverse software find the actor.
import { interactLink } from "./remote-interaction.ts";
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import { handleOf, shownProfileFields, type ActorRow } from "../../domain/actors.ts";
import type { PendingCoauthorship } from "../../domain/coauthors.ts";
import { followButton, type FollowControl } from "./actors.ts";
import { pendingCoauthorshipsSection } from "./coauthorships.ts";
import { displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { numberFormat } from "../../domain/intl-formats.ts";
import type { NotebookSummary } from "../../domain/notebooks.ts";
import { communityLinks, digestNotebooks, digestNotes, digestSection, type DigestNote } from "./digest-lists.ts";
import { findPath } from "../../domain/paths.ts";
import { tagKey } from "../../domain/tags.ts";

export interface ProfileData {
  readonly actor: ActorRow;
  readonly followers: number;
  readonly following: number;
  /** The signed-in viewer's follow button; null for visitors and on one's own profile. */
  readonly follow: FollowControl | null;
  /** The viewer is the profile's owner. */
  readonly isOwn: boolean;
  /** On one's own page: the notes one is invited to co-sign. */
  readonly pendingCoauthorships?: readonly PendingCoauthorship[];
  /** The person refuses search engines. */
  readonly noindex?: boolean;
  /** What they wrote, joined and curate: the first few of each, and whether there are more. */
  readonly lists?: ProfileLists;
}

export interface ProfileLists {
  readonly notes: readonly DigestNote[];
  readonly moreNotes: boolean;
  /** Communities they belong to, as the viewer may know them (a private community only to its members). */
  readonly communities: readonly ActorRow[];
  readonly moreCommunities: boolean;
  readonly notebooks: readonly NotebookSummary[];
  readonly moreNotebooks: boolean;
}

/** Their notes, communities and notebooks, each with a "see all" link when there are more. */
function profileLists(v: ViewContext, actor: ActorRow, lists: ProfileLists): Html {
  const base = `/@${actor.username}`;
  return html`${digestSection(
    v,
    "profile-notes",
    v.t("profile.notesTitle"),
    lists.notes.length > 0 ? digestNotes(v, lists.notes) : html`<p class="muted">${v.t("profile.noNotes")}</p>`,
    lists.moreNotes ? { href: `${base}/notes`, label: v.t("profile.allNotes") } : null,
  )}
${digestSection(
  v,
  "profile-communities",
  v.t("profile.communitiesTitle"),
  lists.communities.length > 0 ? communityLinks(lists.communities) : html`<p class="muted">${v.t("profile.noCommunities")}</p>`,
  lists.moreCommunities ? { href: `${base}/communities`, label: v.t("profile.allCommunities") } : null,
)}
${digestSection(
  v,
  "profile-notebooks",
  v.t("profile.notebooksTitle"),
  lists.notebooks.length > 0 ? digestNotebooks(v, lists.notebooks) : html`<p class="muted">${v.t("profile.noNotebooks")}</p>`,
  lists.moreNotebooks ? { href: `${base}/notebooks`, label: v.t("profile.allNotebooks") } : null,
)}`;
}

/** Plain-text excerpt for meta descriptions. */
function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export function profilePage(v: ViewContext, data: ProfileData): Html {
  const { actor } = data;
  const fields = shownProfileFields(actor, v.user?.actor.id ?? null);
  const name = displayName(actor);
  const handle = handleOf(actor);
  const url = actor.url ?? new URL(`/@${actor.username}`, v.origin).href;
  const description = actor.summary?.trim() ? excerpt(actor.summary) : v.t("profile.description", { name, instance: v.instance.name });
  const icon = v.media(actor.icon_url);
  const count = numberFormat(v.lang === "fr" ? "fr-CA" : "en-CA");
  const links = fields.links.filter((link) => isHttpUrl(link.url));
  return layout(
    v,
    {
      title: v.t("profile.title", { name, handle }),
      description,
      noindex: data.noindex ?? false,
      canonical: url,
      og: {
        type: "profile",
        url,
        title: name,
        description,
        image: icon,
        extra: { "profile:username": actor.username },
      },
      links: [{ rel: "alternate", type: "application/activity+json", href: actor.uri }, ...(actor.is_local && actor.type === "Person" ? feedLinks(FEED_PATHS.person(actor.username)) : [])],
    },
    html`<article class="profile h-card">
<header class="profile-head">
${icon ? html`<img class="avatar u-photo" src="${icon}" alt="" width="96" height="96">` : ""}
<div>
<h1 class="p-name">${name}</h1>
<p class="handle">${handle}</p>
</div>
</header>
${actor.summary?.trim() ? html`<div class="summary p-note">${actor.summary.trim()}</div>` : ""}
${data.follow ? followButton(v, actor, data.follow) : ""}
${v.user ? "" : interactLink(v, actor.uri)}
${data.isOwn
  ? html`<p class="own-links"><a href="/settings/profile">${v.t("profile.edit")}</a>${
      actor.manually_approves_followers === 1 ? html` · <a href="/follow-requests">${v.t("settings.requestsTab")}</a>` : ""
    }</p>
${pendingCoauthorshipsSection(v, data.pendingCoauthorships ?? [])}`
  : ""}
<ul class="counts">
<li><a href="/@${actor.username}/followers"><strong>${count.format(data.followers)}</strong> ${v.t("profile.followers")}</a></li>
<li><a href="/@${actor.username}/following"><strong>${count.format(data.following)}</strong> ${v.t("profile.following")}</a></li>
</ul>
${actor.manually_approves_followers === 1 ? html`<p class="muted">${v.t("profile.locked")}</p>` : ""}
${fields.region || fields.standpoint
  ? html`<dl class="facts">
${fields.region ? html`<dt>${v.t("profile.region")}</dt><dd class="p-region">${fields.region}</dd>` : ""}
${fields.standpoint ? html`<dt>${v.t("profile.standpoint")}</dt><dd>${fields.standpoint}</dd>` : ""}
</dl>`
  : ""}
${fields.interests.length > 0
  ? html`<h2>${v.t("profile.interests")}</h2>
<ul class="tags">${fields.interests.map((tag) => html`<li class="p-category"><a href="${findPath(tagKey(tag))}" title="${v.t("find.who")}">${tag}</a></li>`)}</ul>`
  : ""}
${links.length > 0
  ? html`<h2>${v.t("profile.links")}</h2>
<ul class="links">${links.map((link) => html`<li><a class="u-url" href="${link.url}" rel="me nofollow noopener noreferrer">${link.name || link.url}</a></li>`)}</ul>`
  : ""}
${data.lists ? profileLists(v, actor, data.lists) : ""}
<p class="follow-help">${v.t("profile.follow", { handle })}</p>
</article>`,
  );
}
