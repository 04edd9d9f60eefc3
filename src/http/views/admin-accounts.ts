// The administrators' page of local accounts: suspended ones (lift the
// suspension), suspending someone, and deleting an account (with the choice
// of keeping openly licensed notes under "Anonyme", docs/PRIVACY.md).
import { html } from "hono/html";
import type { SuspendedAccount } from "../../domain/suspensions.ts";
import { actorRow } from "./actors.ts";
import { adminLayout, type AdminStatus } from "./admin.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./note.ts";

export interface AccountForms {
  readonly suspendHandle: string;
  readonly suspendReason: string;
  readonly deleteHandle: string;
  readonly deleteReason: string;
}

export const EMPTY_ACCOUNT_FORMS: AccountForms = { suspendHandle: "", suspendReason: "", deleteHandle: "", deleteReason: "" };

export function adminAccountsPage(v: ViewContext, status: AdminStatus, data: { readonly suspended: readonly SuspendedAccount[]; readonly forms: AccountForms }): Html {
  return adminLayout(
    v,
    "accounts",
    status,
    html`<section id="suspended">
<h2>${v.t("admin.accounts.suspended")}</h2>
${data.suspended.length > 0
  ? html`<ul class="people rows">${data.suspended.map(({ actor, suspendedAt, reason }) =>
      actorRow(
        v,
        actor,
        html`<div class="ban-details"><p class="muted">${v.t("admin.accounts.suspendedOn", { date: "" })}${timeTag(v, suspendedAt)}${reason ? html` — ${reason}` : ""}</p>
<form method="post" action="/admin/accounts/unsuspend">${csrfInput(v)}<input type="hidden" name="handle" value="${actor.username}"><button type="submit" class="secondary">${v.t("admin.accounts.unsuspend")}</button></form></div>`,
      ),
    )}</ul>`
  : html`<p>${v.t("admin.accounts.noneSuspended")}</p>`}
</section>
<section id="suspend">
<h2>${v.t("admin.accounts.suspendTitle")}</h2>
<p class="muted">${v.t("admin.accounts.suspendHelp")}</p>
<form class="form" method="post" action="/admin/accounts/suspend">${csrfInput(v)}
<label>${v.t("admin.accounts.handle")}<input name="handle" value="${data.forms.suspendHandle}" autocapitalize="none" spellcheck="false" required></label>
<label>${v.t("admin.accounts.reason")}<input name="reason" value="${data.forms.suspendReason}" maxlength="2000"></label>
<button type="submit" class="danger">${v.t("admin.accounts.suspend")}</button>
</form>
</section>
<section id="delete">
<h2>${v.t("admin.accounts.deleteTitle")}</h2>
<p class="muted">${v.t("admin.accounts.deleteHelp")}</p>
<form class="form" method="post" action="/admin/accounts/delete">${csrfInput(v)}
<label>${v.t("admin.accounts.handle")}<input name="handle" value="${data.forms.deleteHandle}" autocapitalize="none" spellcheck="false" required></label>
<label>${v.t("admin.accounts.reason")}<input name="reason" value="${data.forms.deleteReason}" maxlength="2000"></label>
<label class="check"><input type="checkbox" name="keepLicensedNotes" value="1"> ${v.t("admin.accounts.keepLicensed")}</label>
<button type="submit" class="danger">${v.t("admin.accounts.delete")}</button>
</form>
</section>`,
  );
}
