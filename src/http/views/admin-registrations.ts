// Sign-up requests (registration mode `approval`) in the admin area: each
// pending request with the applicant's answer, to approve, or to refuse with
// an optional reason (red, confirmed first); the last decisions below.
import { html } from "hono/html";
import type { RegistrationRequest } from "../../domain/registration-requests.ts";
import { MAX_REFUSAL_LENGTH } from "../../domain/registration-requests.ts";
import { adminLayout, type AdminStatus } from "./admin.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./note.ts";

export interface AdminRegistrationsData {
  readonly pending: readonly RegistrationRequest[];
  readonly decided: readonly RegistrationRequest[];
}

function pendingItem(v: ViewContext, request: RegistrationRequest): Html {
  return html`<li class="moderated-post" id="request-${request.id}">
<p><strong>@${request.handle}</strong> <span class="muted">· ${v.t("admin.registrations.received", { date: "" })}${timeTag(v, request.createdAt)}</span></p>
<blockquote lang="${request.language}">${request.answer}</blockquote>
<form method="post" action="/admin/registrations/${request.id}/approve">${csrfInput(v)}<button type="submit">${v.t("admin.registrations.approve")}</button></form>
<form class="form" method="post" action="/admin/registrations/${request.id}/refuse">${csrfInput(v)}
<label>${v.t("admin.registrations.reason")}<input name="reason" maxlength="${MAX_REFUSAL_LENGTH}"></label>
<button type="submit" class="danger">${v.t("admin.registrations.refuse")}</button>
</form>
</li>`;
}

function decidedItem(v: ViewContext, request: RegistrationRequest): Html {
  return html`<li><strong>@${request.handle}</strong> · ${v.t(request.status === "approved" ? "admin.registrations.approved" : "admin.registrations.refused")}${
    request.decidedAt ? html` · ${timeTag(v, request.decidedAt)}` : ""
  }${request.reason ? html` <span class="muted">(${request.reason})</span>` : ""}</li>`;
}

export function adminRegistrationsPage(v: ViewContext, status: AdminStatus, data: AdminRegistrationsData): Html {
  return adminLayout(
    v,
    "registrations",
    status,
    html`<p class="muted">${v.t(v.instance.registrationMode === "approval" ? "admin.registrations.help" : "admin.registrations.notApprovalMode")}</p>
${data.pending.length > 0
  ? html`<ul class="moderated-posts">${data.pending.map((request) => pendingItem(v, request))}</ul>`
  : html`<p>${v.t("admin.registrations.none")}</p>`}
${data.decided.length > 0
  ? html`<h2>${v.t("admin.registrations.decided")}</h2>
<ul>${data.decided.map((request) => decidedItem(v, request))}</ul>`
  : ""}`,
  );
}
