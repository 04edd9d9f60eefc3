// The instance administrators' area (/admin): its navigation, the overview,
// the instance's settings with invitations, and the health of outgoing
// delivery. Federation (policy, limits, sisters) and accounts have their own
// views (admin-federation.ts, admin-accounts.ts).
import { html } from "hono/html";
import type { InvitationSummary, NewInvitation } from "../../domain/invitations.ts";
import type { QueueHealth } from "../../domain/queue-health.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./note.ts";

export const ADMIN_SECTIONS = ["overview", "settings", "federation", "sisters", "accounts", "queue", "reports"] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

const SECTION_PATHS: Record<AdminSection, string> = {
  overview: "/admin",
  settings: "/admin/settings",
  federation: "/admin/federation",
  sisters: "/admin/sisters",
  accounts: "/admin/accounts",
  queue: "/admin/queue",
  reports: "/moderation/reports",
};

/** What was done (after the redirect) or why it was refused. */
export interface AdminStatus {
  readonly notice: string | null;
  readonly problem: string | null;
}

export const NO_STATUS: AdminStatus = { notice: null, problem: null };

function nav(v: ViewContext, current: AdminSection): Html {
  return html`<nav class="settings-nav" aria-label="${v.t("admin.nav")}"><ul>${ADMIN_SECTIONS.map(
    (section) => html`<li><a href="${SECTION_PATHS[section]}"${section === current ? html` aria-current="page"` : ""}>${v.t(`admin.section.${section}`)}</a></li>`,
  )}</ul></nav>`;
}

/** Every admin page: its title, the area's navigation, the status lines, then the section. */
export function adminLayout(v: ViewContext, current: AdminSection, status: AdminStatus, body: Html): Html {
  const title = v.t(`admin.title.${current as Exclude<AdminSection, "reports">}`);
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
${nav(v, current)}
${status.notice ? html`<p class="notice" role="status">${status.notice}</p>` : ""}
${status.problem ? html`<p class="error" role="alert">${status.problem}</p>` : ""}
${body}`,
  );
}

export interface AdminOverview {
  readonly openReports: number;
  readonly suspendedAccounts: number;
  readonly validInvitations: number;
  readonly policyMode: string;
  readonly blockedInstances: number;
  readonly sisters: number;
  /** Null when this process runs no queue (a web-only process). */
  readonly queue: { readonly queued: number; readonly openCircuits: number } | null;
}

export function adminOverviewPage(v: ViewContext, data: AdminOverview): Html {
  const row = (section: AdminSection, text: string) => html`<dt><a href="${SECTION_PATHS[section]}">${v.t(`admin.section.${section}`)}</a></dt><dd>${text}</dd>`;
  return adminLayout(
    v,
    "overview",
    NO_STATUS,
    html`<p>${v.t("admin.intro")}</p>
<dl class="facts admin-facts">
${row("reports", v.t("admin.overview.reports", { count: data.openReports }))}
${row("settings", v.t("admin.overview.settings", { mode: v.t(`registration.${v.instance.registrationMode}`), count: data.validInvitations }))}
${row("federation", v.t("admin.overview.federation", { mode: v.t(`admin.mode.${data.policyMode === "network-only" ? "network-only" : "open"}`), count: data.blockedInstances }))}
${row("sisters", v.t("admin.overview.sisters", { count: data.sisters }))}
${row("accounts", v.t("admin.overview.accounts", { count: data.suspendedAccounts }))}
${row("queue", data.queue ? v.t("admin.overview.queue", { queued: data.queue.queued, open: data.queue.openCircuits }) : v.t("admin.queue.none"))}
</dl>`,
  );
}

export interface AdminSettingsData {
  readonly invitations: readonly InvitationSummary[];
  /** The invitation just created: its link is shown this once. */
  readonly created: NewInvitation | null;
  readonly form: { readonly uses: string; readonly days: string };
}

function fact(label: string, value: string | null, variable: string): Html {
  return html`<dt>${label}</dt><dd>${value || "—"} <span class="muted">(<code>${variable}</code>)</span></dd>`;
}

export function adminSettingsPage(v: ViewContext, status: AdminStatus, data: AdminSettingsData): Html {
  const instance = v.instance;
  return adminLayout(
    v,
    "settings",
    status,
    html`<section id="instance">
<h2>${v.t("admin.settings.instance")}</h2>
<p class="muted">${v.t("admin.settings.fromEnvironment")}</p>
<dl class="facts admin-facts">
${fact(v.t("admin.settings.name"), instance.name, "INSTANCE_NAME")}
${fact(v.t("admin.settings.description"), instance.description, "INSTANCE_DESCRIPTION")}
${fact(v.t("admin.settings.region"), instance.region, "INSTANCE_REGION")}
${fact(v.t("admin.settings.sector"), instance.sector, "INSTANCE_SECTOR")}
${fact(v.t("admin.settings.languages"), instance.languages.join(", "), "INSTANCE_LANGUAGES")}
${fact(v.t("admin.settings.contact"), instance.contact, "INSTANCE_CONTACT")}
${fact(v.t("registration.label"), v.t(`registration.${instance.registrationMode}`), "REGISTRATION_MODE")}
</dl>
</section>
<section id="invitations">
<h2>${v.t("admin.invitations.title")}</h2>
<p class="muted">${v.t(instance.registrationMode === "invitation" ? "admin.invitations.help" : "admin.invitations.notInvitationMode")}</p>
${data.created
  ? html`<div class="notice" role="status"><p>${v.t("admin.invitations.created", { uses: data.created.usesLeft })}</p>
<p class="secret-link"><a href="${data.created.url}">${data.created.url}</a></p>
<p class="muted">${v.t("admin.invitations.shownOnce")}</p></div>`
  : ""}
${data.invitations.length > 0
  ? html`<ul class="moderated-posts">${data.invitations.map(
      (invitation) => html`<li class="moderated-post"><p>${v.t("admin.invitations.row", { uses: invitation.usesLeft, date: "" })}${timeTag(v, invitation.expiresAt)} <span class="muted">· ${v.t(
        "admin.invitations.createdOn",
        { date: "" },
      )}${timeTag(v, invitation.createdAt)}</span></p>
<form method="post" action="/admin/invitations/${invitation.id}/revoke">${csrfInput(v)}<button type="submit" class="danger">${v.t("admin.invitations.revoke")}</button></form></li>`,
    )}</ul>`
  : html`<p>${v.t("admin.invitations.none")}</p>`}
<form class="form" method="post" action="/admin/invitations">${csrfInput(v)}
<h3>${v.t("admin.invitations.new")}</h3>
<label>${v.t("admin.invitations.uses")}<input name="uses" type="number" min="1" max="1000" inputmode="numeric" value="${data.form.uses}" required></label>
<label>${v.t("admin.invitations.days")}<input name="days" type="number" min="1" max="365" inputmode="numeric" value="${data.form.days}" required></label>
<button type="submit">${v.t("admin.invitations.create")}</button>
</form>
</section>`,
  );
}

export function adminQueuePage(v: ViewContext, health: QueueHealth | null): Html {
  if (!health) return adminLayout(v, "queue", NO_STATUS, html`<p>${v.t("admin.queue.none")}</p>`);
  const settings = health.circuitBreaker;
  return adminLayout(
    v,
    "queue",
    NO_STATUS,
    html`<dl class="facts admin-facts">
<dt>${v.t("admin.queue.queued")}</dt><dd>${health.queued}</dd>
<dt>${v.t("admin.queue.ready")}</dt><dd>${health.ready}</dd>
<dt>${v.t("admin.queue.delayed")}</dt><dd>${health.delayed}</dd>
</dl>
<p class="muted">${v.t("admin.queue.breaker", {
      failures: settings.failures,
      minutes: Math.round(settings.failureWindowMs / 60_000),
      recovery: Math.round(settings.recoveryMs / 60_000),
      hours: Math.round(settings.holdMs / 3_600_000),
    })}</p>
<h2>${v.t("admin.queue.circuits")}</h2>
${health.circuits.length > 0
  ? html`<ul class="moderated-posts">${health.circuits.map(
      (circuit) => html`<li class="moderated-post"><p><strong>${circuit.host}</strong> · ${v.t(`admin.queue.state.${circuit.state}`)} · ${v.t("admin.queue.failures", { count: circuit.recentFailures })}${
        circuit.nextProbeAt ? html` · ${v.t("admin.queue.nextProbe", { date: "" })}${timeTag(v, circuit.nextProbeAt, true)}` : ""
      }</p></li>`,
    )}</ul>`
  : html`<p>${v.t("admin.queue.noCircuits")}</p>`}`,
  );
}
