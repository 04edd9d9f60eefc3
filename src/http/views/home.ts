// The home page: what this instance is, and who is on it.
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import type { InstanceInfo } from "../../config/config.ts";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import { displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";

export function instanceFacts(v: ViewContext, instance: InstanceInfo): Html {
  return html`<dl class="facts">
${instance.region ? html`<dt>${v.t("home.region")}</dt><dd>${instance.region}</dd>` : ""}
${instance.sector ? html`<dt>${v.t("home.sector")}</dt><dd>${instance.sector}</dd>` : ""}
<dt>${v.t("home.languages")}</dt><dd>${instance.languages.map((lang) => v.t(`language.${lang}`)).join(", ")}</dd>
<dt>${v.t("registration.label")}</dt><dd>${v.t(`registration.${instance.registrationMode}`)}</dd>
</dl>`;
}

export function personCard(v: ViewContext, actor: ActorRow): Html {
  const href = `/@${actor.username}`;
  return html`<li class="person">
${v.media(actor.icon_url) ? html`<img class="avatar" src="${v.media(actor.icon_url)}" alt="" width="48" height="48" loading="lazy">` : ""}
<div><a href="${href}">${displayName(actor)}</a><span class="handle">${handleOf(actor)}</span></div>
</li>`;
}

export function homePage(v: ViewContext, data: { people: readonly ActorRow[] }): Html {
  const instance = v.instance;
  return layout(
    v,
    {
      title: instance.name,
      description: instance.description || undefined,
      canonical: new URL("/", v.origin).href,
      og: { type: "website", url: new URL("/", v.origin).href, title: instance.name, description: instance.description || undefined },
      links: feedLinks(FEED_PATHS.instance()),
    },
    html`<h1>${instance.name}</h1>
${instance.description ? html`<p class="lead">${instance.description}</p>` : ""}
${instanceFacts(v, instance)}
<h2>${v.t("home.people")}</h2>
${data.people.length > 0
  ? html`<ul class="people">${data.people.map((p) => personCard(v, p))}</ul>
<p class="muted">${v.t("home.fediverse")}</p>`
  : html`<p class="muted">${v.t("home.noPeople")}</p>`}`,
  );
}
