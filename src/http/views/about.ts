// The about page: the instance, its network, its administrators and contact.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import { instanceFacts, personCard } from "./home.ts";
import { layout, type Html, type ViewContext } from "./layout.ts";

export function aboutPage(v: ViewContext, data: { admins: readonly ActorRow[] }): Html {
  const instance = v.instance;
  const title = v.t("about.title", { name: instance.name });
  const url = new URL("/about", v.origin).href;
  return layout(
    v,
    { title, description: instance.description || undefined, canonical: url, og: { type: "website", url, title, description: instance.description || undefined } },
    html`<h1>${title}</h1>
${instance.description ? html`<p class="lead">${instance.description}</p>` : ""}
<p>${v.t("about.network", { name: instance.name })} <a href="/network">${v.t("network.link")}</a></p>
${instanceFacts(v, instance)}
<h2>${v.t("about.admins")}</h2>
${data.admins.length > 0 ? html`<ul class="people">${data.admins.map((a) => personCard(v, a))}</ul>` : html`<p class="muted">${v.t("about.noAdmins")}</p>`}
${instance.contact
  ? html`<h2>${v.t("about.contact")}</h2>
<p><a href="mailto:${instance.contact}">${instance.contact}</a></p>`
  : ""}`,
  );
}
