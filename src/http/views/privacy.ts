// The privacy page (/privacy), generated from the instance's settings so
// that what it says is what the instance does (issue 15; Québec's Law 25
// requires the person in charge and how to reach them to be published).
import { html } from "hono/html";
import type { Config } from "../../config/config.ts";
import type { ActorRow } from "../../domain/actors.ts";
import type { Html, ViewContext } from "./layout.ts";
import { displayName, layout, withFragment } from "./layout.ts";

export interface PrivacyPageData {
  readonly config: Config;
  readonly admins: readonly ActorRow[];
  readonly sessionDays: number;
  readonly signinMinutes: number;
}

/** `Marie Tremblay, vie-privee@example.org`: the address becomes a mailto link. */
function officer(text: string): Html {
  const email = /[^\s,;<>()]+@[^\s,;<>()]+\.[^\s,;<>()]+/.exec(text)?.[0];
  if (!email) return html`${text}`;
  const at = text.indexOf(email);
  return html`${text.slice(0, at)}<a href="mailto:${email}">${email}</a>${text.slice(at + email.length)}`;
}

function row(v: ViewContext, what: string, howLong: string, who: string): Html {
  return html`<tr><th scope="row">${what}</th><td>${howLong}</td><td>${who}</td></tr>`;
}

export function privacyPage(v: ViewContext, data: PrivacyPageData): Html {
  const { config } = data;
  const t = v.t;
  const contact = v.instance.contact;
  return layout(
    v,
    { title: t("privacy.title"), description: t("privacy.intro", { instance: v.instance.name }) },
    html`<article class="privacy">
<h1>${t("privacy.title")}</h1>
<p>${t("privacy.intro", { instance: v.instance.name })}</p>
<h2 id="officer">${t("privacy.officerTitle")}</h2>
${config.privacy.officer
  ? html`<p class="privacy-officer">${officer(config.privacy.officer)}</p>`
  : html`<p>${t("privacy.officerUnset")}</p>
<p>${withFragment(t("privacy.admins", { names: "{names}" }), "{names}", html`${data.admins.map((a, i) => html`${i > 0 ? ", " : ""}<a href="/@${a.username}">${displayName(a)}</a>`)}`)}</p>`}
${contact ? html`<p>${withFragment(t("privacy.contact", { contact: "{contact}" }), "{contact}", html`<a href="mailto:${contact}">${contact}</a>`)}</p>` : ""}
<h2 id="kept">${t("privacy.keptTitle")}</h2>
<table>
<thead><tr><th scope="col">${t("privacy.what")}</th><th scope="col">${t("privacy.howLong")}</th><th scope="col">${t("privacy.whoSees")}</th></tr></thead>
<tbody>
${row(v, t("privacy.account"), t("privacy.untilDeletion"), t("privacy.youAndAdmins"))}
${row(v, t("privacy.profile"), t("privacy.untilDeletion"), t("privacy.everyone"))}
${row(v, t("privacy.details"), t("privacy.untilDeletion"), t("privacy.detailsWho"))}
${row(v, t("privacy.content"), t("privacy.contentHow"), t("privacy.contentWho"))}
${row(v, t("privacy.sessions"), t("privacy.sessionsHow", { days: data.sessionDays }), t("privacy.nobody"))}
${row(v, t("privacy.tokens"), t("privacy.tokensHow"), t("privacy.you"))}
${row(v, t("privacy.signin"), t("privacy.signinHow", { minutes: data.signinMinutes }), t("privacy.nobody"))}
${row(v, t("privacy.reads"), t("privacy.readsHow"), t("privacy.everyone"))}
${row(v, t("privacy.queue"), t("privacy.queueHow", { hours: Math.round(config.circuitBreaker.holdMs / 3_600_000) }), t("privacy.nobody"))}
${row(v, t("privacy.cache"), t("privacy.cacheHow", { days: Math.round(config.privacy.mediaCacheTtlMs / 86_400_000), total: Math.round(config.privacy.mediaCacheTotalBytes / 1_048_576) }), t("privacy.cacheWho"))}
${row(v, t("privacy.logs", { level: config.logLevel }), t("privacy.logsHow"), t("privacy.admins.only"))}
${row(v, t("privacy.moderation"), t("privacy.moderationHow"), t("privacy.moderationWho"))}
</tbody>
</table>
<p>${t("privacy.federation")}</p>
<p>${t("privacy.noTracking", { instance: v.instance.name })}</p>
<h2 id="choices">${t("privacy.choicesTitle")}</h2>
<p>${t("privacy.choicesBody")}</p>
<p><a href="/settings/privacy">${t("privacy.choicesLink")}</a></p>
<h2 id="rights">${t("privacy.rightsTitle")}</h2>
<ul class="rights">
<li id="export">${t("privacy.rightAccess")} <a href="/settings/export">${t("privacy.accountLink")}</a></li>
<li id="rectify">${t("privacy.rightRectify")} <a href="/settings/profile">${t("privacy.profileLink")}</a></li>
<li id="erase">${t("privacy.rightErase")} <a href="/settings/account#delete">${t("privacy.accountLink")}</a></li>
<li id="redact">${t("privacy.rightRedact")}</li>
<li id="withdraw">${t("privacy.rightWithdraw")} <a href="/settings/privacy">${t("privacy.choicesLink")}</a></li>
<li id="complain">${t("privacy.rightComplain")} <a href="https://www.cai.gouv.qc.ca/" rel="noopener noreferrer">${t("privacy.caiLink")}</a></li>
</ul>
</article>`,
  );
}
