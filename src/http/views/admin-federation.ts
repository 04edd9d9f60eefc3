// The administrators' federation pages: the policy (open or network-only,
// blocked and allowed hosts), limits and blocks of remote instances and
// accounts (with the purge of a blocked instance's content), and the sister
// instances (connect, read their outbox now, disconnect).
import { html } from "hono/html";
import type { PolicyChangeRecord, StoredPolicy } from "../../domain/federation-policy.ts";
import type { ModerationPolicy } from "../../domain/moderation-policies.ts";
import type { NetworkEntry } from "../../domain/network.ts";
import { adminLayout, type AdminStatus } from "./admin.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./note.ts";

export interface PolicyForm {
  readonly mode: string;
  readonly blocked: string;
  readonly allowed: string;
}

export function policyFormOf(policy: StoredPolicy): PolicyForm {
  return { mode: policy.mode, blocked: policy.blocked.join("\n"), allowed: policy.allowed.join("\n") };
}

export interface LimitForm {
  readonly target: string;
  readonly policy: string;
  readonly reason: string;
}

export const EMPTY_LIMIT_FORM: LimitForm = { target: "", policy: "limit", reason: "" };

export interface AdminFederationData {
  readonly form: PolicyForm;
  readonly changes: readonly PolicyChangeRecord[];
  readonly policies: readonly ModerationPolicy[];
  readonly limitForm: LimitForm;
}

function policySection(v: ViewContext, data: AdminFederationData): Html {
  return html`<section id="policy">
<h2>${v.t("admin.federation.policy")}</h2>
<form class="form wide" method="post" action="/admin/federation/policy">${csrfInput(v)}
<fieldset><legend>${v.t("admin.federation.mode")}</legend>
${(["open", "network-only"] as const).map(
  (mode) => html`<label class="check"><input type="radio" name="mode" value="${mode}"${data.form.mode === mode ? " checked" : ""}> ${v.t(`admin.mode.${mode}`)}</label>`,
)}
</fieldset>
<label>${v.t("admin.federation.blocked")}<textarea name="blocked" rows="4" autocapitalize="none" spellcheck="false">${data.form.blocked}</textarea></label>
<label>${v.t("admin.federation.allowed")}<textarea name="allowed" rows="4" autocapitalize="none" spellcheck="false">${data.form.allowed}</textarea></label>
<p class="muted">${v.t("admin.federation.hostsHelp")}</p>
<button type="submit">${v.t("admin.federation.save")}</button>
</form>
${data.changes.length > 0
  ? html`<h3>${v.t("admin.federation.changes")}</h3><ul class="moderated-posts">${data.changes.map(
      (change) => html`<li class="moderated-post"><p>${timeTag(v, change.createdAt, true)} · ${change.actorHandle}</p><p><code>${change.summary}</code></p></li>`,
    )}</ul>`
  : ""}
</section>`;
}

function limitsSection(v: ViewContext, data: AdminFederationData): Html {
  return html`<section id="limits">
<h2>${v.t("admin.limits.title")}</h2>
<p class="muted">${v.t("admin.limits.help")}</p>
${data.policies.length > 0
  ? html`<ul class="moderated-posts">${data.policies.map(
      (p) => html`<li class="moderated-post"><p><strong>${p.handle ?? p.target}</strong> · ${v.t(`admin.limits.${p.targetType}`)} · ${v.t(`admin.limits.policy.${p.policy}`)}${p.reason ? html` — ${p.reason}` : ""}</p>
<div class="actions">
<form method="post" action="/admin/federation/limits">${csrfInput(v)}<input type="hidden" name="target" value="${p.target}"><input type="hidden" name="kind" value="${p.targetType}"><input type="hidden" name="policy" value="none"><button type="submit" class="secondary">${v.t("admin.limits.lift")}</button></form>
${p.targetType === "instance" && p.policy === "block"
  ? html`<form method="post" action="/admin/federation/purge">${csrfInput(v)}<input type="hidden" name="host" value="${p.target}"><button type="submit" class="danger">${v.t("admin.limits.purge")}</button></form>`
  : ""}
</div></li>`,
    )}</ul>`
  : html`<p>${v.t("admin.limits.none")}</p>`}
<form class="form" method="post" action="/admin/federation/limits">${csrfInput(v)}
<h3>${v.t("admin.limits.new")}</h3>
<label>${v.t("admin.limits.target")}<input name="target" value="${data.limitForm.target}" placeholder="${v.t("admin.limits.targetPlaceholder")}" autocapitalize="none" spellcheck="false" required></label>
<fieldset><legend>${v.t("admin.limits.policyLabel")}</legend>
${(["limit", "block"] as const).map(
  (policy) => html`<label class="check"><input type="radio" name="policy" value="${policy}"${data.limitForm.policy === policy ? " checked" : ""}> ${v.t(`admin.limits.policy.${policy}`)}</label>`,
)}
</fieldset>
<label>${v.t("admin.limits.reason")}<input name="reason" value="${data.limitForm.reason}" maxlength="1000"></label>
<button type="submit" class="danger">${v.t("admin.limits.apply")}</button>
</form>
</section>`;
}

export function adminFederationPage(v: ViewContext, status: AdminStatus, data: AdminFederationData): Html {
  return adminLayout(v, "federation", status, html`${policySection(v, data)}${limitsSection(v, data)}`);
}

export function adminSistersPage(v: ViewContext, status: AdminStatus, data: { readonly sisters: readonly NetworkEntry[]; readonly host: string }): Html {
  return adminLayout(
    v,
    "sisters",
    status,
    html`<p class="muted">${v.t("admin.sisters.help")}</p>
${data.sisters.length > 0
  ? html`<ul class="moderated-posts">${data.sisters.map(
      (sister) => html`<li class="moderated-post"><p><strong>${sister.name ?? sister.host}</strong> <span class="muted">${sister.host}</span> · ${v.t(
        sister.sister?.status === "accepted" ? "admin.sisters.accepted" : sister.sister?.status === "pending" ? "admin.sisters.pending" : "admin.sisters.followsUs",
      )}${sister.outboxSyncedAt ? html` · ${v.t("admin.sisters.synced", { date: "" })}${timeTag(v, sister.outboxSyncedAt, true)}` : ""}</p>
${sister.sister?.connected
  ? html`<div class="actions">
<form method="post" action="/admin/sisters/${sister.host}/sync">${csrfInput(v)}<button type="submit" class="secondary">${v.t("admin.sisters.sync")}</button></form>
<form method="post" action="/admin/sisters/${sister.host}/disconnect">${csrfInput(v)}<button type="submit" class="danger">${v.t("admin.sisters.disconnect")}</button></form>
</div>`
  : ""}</li>`,
    )}</ul>`
  : html`<p>${v.t("admin.sisters.none")}</p>`}
<form class="form" method="post" action="/admin/sisters">${csrfInput(v)}
<h2>${v.t("admin.sisters.connectTitle")}</h2>
<label>${v.t("admin.sisters.host")}<input name="host" value="${data.host}" placeholder="laurentides.example" autocapitalize="none" spellcheck="false" required></label>
<button type="submit">${v.t("admin.sisters.connect")}</button>
</form>`,
  );
}
