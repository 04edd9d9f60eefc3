// The organizations of this instance, by handle.
import { html } from "hono/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import { displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { excerpt } from "./notebook.ts";

export interface OrganizationsIndexData {
  readonly organizations: readonly { organization: ActorRow; memberCount: number }[];
  readonly nextCursor: string | null;
}

export function organizationsIndexPage(v: ViewContext, data: OrganizationsIndexData): Html {
  const url = new URL("/organizations", v.origin).href;
  const description = v.t("organizations.intro", { instance: v.instance.name });
  return layout(
    v,
    { title: v.t("organizations.title"), description, canonical: url, og: { type: "website", url, title: v.t("organizations.title"), description } },
    html`<h1>${v.t("organizations.title")}</h1>
<p class="lead">${description}</p>
${v.user ? html`<p><a class="button" href="/organizations/new">${v.t("writing.newOrganizationLink")}</a></p>` : ""}
${data.organizations.length === 0
  ? html`<p class="muted">${v.t("organizations.none")}</p>`
  : html`<ul class="people rows">
${data.organizations.map(
  ({ organization, memberCount }) => html`<li class="person">
${v.media(organization.icon_url) ? html`<img class="avatar" src="${v.media(organization.icon_url)}" alt="" width="48" height="48" loading="lazy">` : ""}
<div class="person-body"><a href="/organizations/${organization.username}">${displayName(organization)}</a><span class="handle">${handleOf(organization)}</span>
${organization.summary?.trim() ? html`<p>${excerpt(organization.summary, 200)}</p>` : ""}
<p class="muted">${v.t("organizations.count", { count: memberCount })}</p></div>
</li>`,
)}
</ul>`}
${data.nextCursor ? html`<p><a rel="next" href="/organizations?cursor=${encodeURIComponent(data.nextCursor)}">${v.t("knowledge.next")}</a></p>` : ""}`,
  );
}
