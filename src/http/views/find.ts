// "Find people and groups" (/find): for someone preparing a community of
// practice, who works on an interest — here and on sister instances — by
// Québec administrative region, with what links them to the commons, and a
// map. A plain GET form: works with no script, and every result is a link.
import { html } from "hono/html";
import type { FindResult, FoundActor } from "../../domain/find-by-interest.ts";
import { groupedByRegion } from "../../domain/find-by-interest.ts";
import { handleOf } from "../../domain/actors.ts";
import { profileHref } from "./actors.ts";
import { interestMap } from "./interest-map.ts";
import { INTEREST_DATALIST_ID, interestDatalist, regionSelect } from "./interest-fields.ts";
import { displayName, layout, withFragment, type Html, type ViewContext } from "./layout.ts";

export interface FindPageData {
  readonly tags: string;
  readonly region: string;
  readonly result: FindResult;
  readonly suggestions: readonly string[];
  readonly nextHref: string | null;
}

function counts(v: ViewContext, item: FoundActor): Html {
  const c = item.counts;
  const parts = [
    v.t("find.countNotes", { count: c.notes }),
    v.t("find.countCitations", { count: c.citations }),
    ...(c.members == null ? [] : [v.t("find.countMembers", { count: c.members })]),
    v.t("find.countNotebooks", { count: c.notebooks }),
  ];
  return html`<p class="muted counts">${parts.join(" · ")}</p>`;
}

function card(v: ViewContext, item: FoundActor): Html {
  const actor = item.actor;
  return html`<li class="card found-${item.kind}">
<div class="card-body">
<p class="muted">${v.t(`find.kind.${item.kind}`)}${item.instance ? html` · <span class="instance">${v.t("find.fromInstance", { host: item.instance })}</span>` : ""}</p>
<h3><a href="${profileHref(actor)}">${displayName(actor)}</a> <span class="handle muted">${handleOf(actor)}</span></h3>
${item.interests.length > 0 ? html`<ul class="tags">${item.interests.map((tag) => html`<li>${tag}</li>`)}</ul>` : ""}
${counts(v, item)}
</div>
</li>`;
}

export function findPage(v: ViewContext, data: FindPageData): Html {
  const { result } = data;
  const tagList = result.keys.map((k) => `#${k}`).join(", ");
  const title = result.keys.length > 0 ? v.t("find.titleFor", { tags: tagList }) : v.t("find.title");
  const total = result.regions.reduce((sum, r) => sum + r.count, 0);
  const privacyLink = html`<a href="/settings/privacy">${v.t("find.privacyLink")}</a>`;
  const form = html`<form class="form find-form" method="get" action="/find" role="search">
<label>${v.t("find.tags")}<input name="tag" value="${data.tags}" list="${INTEREST_DATALIST_ID}" maxlength="200" autocapitalize="none">
<span class="help">${v.t("find.tagsHelp")}</span></label>
${regionSelect(v, "region", data.region, v.t("find.region"), v.t("find.anyRegion"))}
<button type="submit">${v.t("find.submit")}</button>
${interestDatalist(data.suggestions)}
</form>`;
  let body: Html | "" = "";
  if (result.keys.length > 0) {
    const summary = html`<ul class="region-counts">${result.regions.map(
      (r) => html`<li>${r.region ? html`<a href="/find?tag=${encodeURIComponent(data.tags)}&amp;region=${r.region.code}">${r.region.name}</a>` : v.t("find.noRegion")} : ${r.count}</li>`,
    )}</ul>`;
    const groups = groupedByRegion(result.items).map(
      (g) => html`<section class="find-region"><h2>${g.region ? `${g.region.code} – ${g.region.name}` : v.t("find.noRegion")}</h2>
<ol class="results">${g.items.map((item) => card(v, item))}</ol></section>`,
    );
    body =
      total === 0
        ? html`<p class="notice" role="status">${v.t("find.none")}</p>`
        : html`<p role="status">${v.t("find.total", { count: total })}</p>
<div class="find-overview">${interestMap(v, v.t("find.mapTitle", { tags: tagList }), result.regions, result.points)}${summary}</div>
${result.items.length > 0 ? groups : html`<p class="notice" role="status">${v.t("find.pastEnd")}</p>`}
${data.nextHref ? html`<p class="pager"><a href="${data.nextHref}" rel="next">${v.t("find.next")}</a></p>` : ""}`;
  }
  return layout(
    v,
    { title, description: v.t("find.intro") },
    html`<h1>${title}</h1>
<p>${v.t("find.intro")}</p>
${form}
${body}
${v.user ? html`<p class="muted">${withFragment(v.t("find.yourInterests", { privacy: "{privacy}" }), "{privacy}", privacyLink)}</p>` : ""}`,
  );
}
