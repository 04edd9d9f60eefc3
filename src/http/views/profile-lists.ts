// The full lists a profile's "see all" links lead to: a person's
// communities and the notebooks they curate, paged.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NotebookSummary } from "../../domain/notebooks.ts";
import { communityLinks, digestNotebooks } from "./digest-lists.ts";
import { displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { pager } from "./notes-index.ts";

interface OwnedList {
  readonly owner: ActorRow;
  readonly nextHref: string | null;
  /** The person refuses search engines. */
  readonly noindex: boolean;
}

function listPage(v: ViewContext, list: OwnedList, title: string, body: Html): Html {
  return layout(
    v,
    { title, noindex: list.noindex },
    html`<h1>${title}</h1>
<p><a href="/@${list.owner.username}">${v.t("follows.backToProfile")}</a></p>
${body}
${pager(v, list.nextHref)}`,
  );
}

export function profileCommunitiesPage(v: ViewContext, list: OwnedList & { readonly communities: readonly ActorRow[] }): Html {
  return listPage(
    v,
    list,
    v.t("profile.communitiesPageTitle", { name: displayName(list.owner) }),
    list.communities.length > 0 ? communityLinks(list.communities) : html`<p class="muted">${v.t("profile.noCommunities")}</p>`,
  );
}

export function profileNotebooksPage(v: ViewContext, list: OwnedList & { readonly notebooks: readonly NotebookSummary[] }): Html {
  return listPage(
    v,
    list,
    v.t("profile.notebooksPageTitle", { name: displayName(list.owner) }),
    list.notebooks.length > 0 ? digestNotebooks(v, list.notebooks) : html`<p class="muted">${v.t("profile.noNotebooks")}</p>`,
  );
}
