// The network page: sister instances first, then the other instances known
// here, each with what its NodeInfo says (name, region, sector, languages,
// counts); administrators also see the federation policy and refused hosts.
import { html } from "hono/html";
import type { FederationMode } from "../../domain/federation-policy.ts";
import type { NetworkEntry } from "../../domain/network.ts";
import { layout, type Html, type ViewContext } from "./layout.ts";

export interface NetworkPageData {
  readonly entries: readonly NetworkEntry[];
  /** Shown to administrators only. */
  readonly policyMode: FederationMode | null;
}

function sisterLabel(v: ViewContext, entry: NetworkEntry): string | null {
  const sister = entry.sister;
  if (!sister) return null;
  if (sister.connected && sister.status === "accepted" && sister.followsUs) return v.t("network.sisterMutual");
  if (sister.connected && sister.status === "pending") return v.t("network.sisterPending");
  if (sister.connected) return v.t("network.sisterOutgoing");
  return v.t("network.sisterIncoming");
}

function instanceItem(v: ViewContext, entry: NetworkEntry): Html {
  const status = sisterLabel(v, entry);
  const counts = [
    entry.users != null ? v.t("network.users", { count: entry.users }) : null,
    entry.posts != null && entry.posts > 0 ? v.t("network.posts", { count: entry.posts }) : null,
  ].filter((c): c is string => c != null);
  return html`<li class="instance" data-host="${entry.host}">
<h3><a href="https://${entry.host}/" rel="noopener">${entry.name ?? entry.host}</a> <span class="handle">${entry.host}</span></h3>
${status ? html`<p class="muted">${status}</p>` : ""}
${!entry.allowed ? html`<p class="muted"><strong>${v.t("network.refused")}</strong></p>` : ""}
${entry.description ? html`<p>${entry.description.length > 300 ? `${entry.description.slice(0, 299)}…` : entry.description}</p>` : ""}
<dl class="facts">
${entry.region ? html`<dt>${v.t("home.region")}</dt><dd class="region">${entry.region}</dd>` : ""}
${entry.sector ? html`<dt>${v.t("home.sector")}</dt><dd class="sector">${entry.sector}</dd>` : ""}
${entry.languages.length > 0 ? html`<dt>${v.t("home.languages")}</dt><dd>${entry.languages.join(", ")}</dd>` : ""}
${entry.software ? html`<dt>${v.t("network.software")}</dt><dd>${entry.software}${entry.version ? ` ${entry.version}` : ""}</dd>` : ""}
</dl>
<p class="muted counts">${[...counts, v.t("network.known", { actors: entry.knownActors, notes: entry.keptNotes })].join(" · ")}</p>
</li>`;
}

export function networkPage(v: ViewContext, data: NetworkPageData): Html {
  const title = v.t("network.title", { name: v.instance.name });
  const url = new URL("/network", v.origin).href;
  const description = v.t("network.intro", { name: v.instance.name });
  const sisters = data.entries.filter((e) => e.sister != null);
  const others = data.entries.filter((e) => e.sister == null);
  return layout(
    v,
    { title, description, canonical: url, og: { type: "website", url, title, description } },
    html`<h1>${title}</h1>
<p class="lead">${description}</p>
${data.policyMode ? html`<p class="muted" id="policy">${v.t("network.policy", { mode: v.t(`network.mode.${data.policyMode}`) })}</p>` : ""}
<h2>${v.t("network.sisters")}</h2>
${sisters.length > 0 ? html`<ul class="instances sisters">${sisters.map((e) => instanceItem(v, e))}</ul>` : html`<p class="muted">${v.t("network.noSisters")}</p>`}
<h2>${v.t("network.others")}</h2>
${others.length > 0 ? html`<ul class="instances">${others.map((e) => instanceItem(v, e))}</ul>` : html`<p class="muted">${v.t("network.none")}</p>`}`,
  );
}
