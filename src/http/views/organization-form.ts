// Creating an organization from the pages (the API had it first): handle,
// name and description. Its creator becomes its first administrator.
import { html } from "hono/html";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";

export interface OrganizationForm {
  readonly handle: string;
  readonly name: string;
  readonly summary: string;
}

export const EMPTY_ORGANIZATION_FORM: OrganizationForm = { handle: "", name: "", summary: "" };

/** The limits createOrganization applies. */
export const ORGANIZATION_LIMITS = { handle: 30, name: 100, summary: 2000 } as const;

/** Name and description, on the creation form and the edit form (views/organization-edit.ts). */
export function organizationIdentityFields(v: ViewContext, f: Pick<OrganizationForm, "name" | "summary">, e: readonly FieldError[]): Html {
  return html`<label>${v.t("writing.organizationName")}
<input name="name" value="${f.name}" maxlength="${ORGANIZATION_LIMITS.name}" ${fieldAttributes("name", e)}>
${fieldMessage("name", e)}
</label>
<label>${v.t("writing.organizationSummary")}
<textarea name="summary" rows="5" maxlength="${ORGANIZATION_LIMITS.summary}" ${fieldAttributes("summary", e)}>${f.summary}</textarea>
${fieldMessage("summary", e)}
</label>`;
}

export function organizationFormPage(v: ViewContext, page: { form: OrganizationForm; errors: readonly FieldError[] }): Html {
  const f = page.form;
  const e = page.errors;
  const title = v.t("writing.newOrganizationTitle");
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
<p class="lead">${v.t("writing.newOrganizationIntro")}</p>
${errorSummary(v, e)}
<form class="form" method="post" action="/organizations/new">
${csrfInput(v)}
<label>${v.t("writing.organizationHandle")}
<input name="handle" value="${f.handle}" maxlength="${ORGANIZATION_LIMITS.handle}" required autocapitalize="none" spellcheck="false" ${fieldAttributes("handle", e)}>
${fieldMessage("handle", e)}
<span class="help">${v.t("writing.organizationHandleHelp", { host: v.origin.host })}</span>
</label>
${organizationIdentityFields(v, f, e)}
<button type="submit">${v.t("writing.createOrganization")}</button>
</form>`,
  );
}
