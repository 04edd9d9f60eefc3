// An organization's page: its profile, its members (admins first) and the
// public notes that name it. Its fediverse profile stays at /@handle.
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import { handleOf, profileFields, type ActorRow } from "../../domain/actors.ts";
import type { OrganizationMember } from "../../domain/organizations.ts";
import { displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, excerpt, noteList, type ListedNote } from "./notebook.ts";

export interface OrganizationPageData {
  readonly organization: ActorRow;
  readonly members: readonly OrganizationMember[];
  readonly notes: readonly ListedNote[];
  readonly nextCursor: string | null;
  /** What the viewer just did (the organization was created), said in a status line. */
  readonly status?: string | null;
  /** Whether the viewer administers it (they get the link to the edit form). */
  readonly isAdmin?: boolean;
}

export function organizationPage(v: ViewContext, data: OrganizationPageData): Html {
  const { organization } = data;
  const name = displayName(organization);
  const url = new URL(`/organizations/${organization.username}`, v.origin).href;
  const description = organization.summary?.trim() ? excerpt(organization.summary) : v.t("organization.description", { name, instance: v.instance.name });
  const icon = v.media(organization.icon_url);
  const fields = profileFields(organization);
  const links = fields.links.filter((link) => isHttpUrl(link.url));
  return layout(
    v,
    {
      title: name,
      description,
      canonical: url,
      og: { type: "profile", url, title: name, description, image: icon, extra: { "profile:username": organization.username } },
      links: [{ rel: "alternate", type: "application/activity+json", href: organization.uri }, ...(organization.is_local ? feedLinks(FEED_PATHS.organization(organization.username)) : [])],
    },
    html`${data.status ? html`<p class="notice" role="status">${data.status}</p>` : ""}
<article class="profile h-card">
<header class="profile-head">
${icon ? html`<img class="avatar u-photo" src="${icon}" alt="" width="96" height="96">` : ""}
<div>
<h1 class="p-name">${name}</h1>
<p class="handle"><a href="/@${organization.username}">${handleOf(organization)}</a></p>
</div>
</header>
${organization.summary?.trim() ? html`<div class="summary p-note">${organization.summary.trim()}</div>` : ""}
${fields.region ? html`<dl class="facts"><dt>${v.t("profile.region")}</dt><dd class="p-region">${fields.region}</dd></dl>` : ""}
${links.length > 0
  ? html`<ul class="links">${links.map((link) => html`<li><a class="u-url" href="${link.url}" rel="me nofollow noopener noreferrer">${link.name || link.url}</a></li>`)}</ul>`
  : ""}
<p><a href="/@${organization.username}">${v.t("organization.profile")}</a>${data.isAdmin
      ? html` · <a href="/organizations/${organization.username}/edit">${v.t("organization.editLink")}</a>`
      : ""}</p>
<h2>${v.t("organization.members")}</h2>
<ul class="links members">
${data.members.map(
  (m) => html`<li>${actorLink(m.actor)} <span class="handle">${handleOf(m.actor)}</span>${m.role === "admin" ? html` <span class="muted">(${v.t("organization.admin")})</span>` : ""}</li>`,
)}
</ul>
<h2>${v.t("organization.notes")}</h2>
${data.notes.length > 0 ? noteList(v, data.notes) : html`<p class="muted">${v.t("organization.noNotes")}</p>`}
${data.nextCursor
  ? html`<p><a rel="next" href="/organizations/${organization.username}?cursor=${encodeURIComponent(data.nextCursor)}">${v.t("knowledge.next")}</a></p>`
  : ""}
</article>`,
  );
}
