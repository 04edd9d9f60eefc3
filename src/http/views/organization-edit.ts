// An organization's admins change its public profile from the pages (the
// API's PATCH /api/v1/organizations/:handle): name, description, image,
// interest tags, region and links. The handle stays as created.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { INTEREST_DATALIST_ID, interestDatalist, regionSelect } from "./interest-fields.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { organizationIdentityFields } from "./organization-form.ts";

export interface OrganizationEditForm {
  readonly name: string;
  readonly summary: string;
  readonly iconUrl: string;
  /** Comma-separated interest tags. */
  readonly interests: string;
  /** A region's number or name, or "". */
  readonly region: string;
  /** One link a line: `Name | https://…` or a bare address (as on the profile settings). */
  readonly links: string;
}

export const organizationPath = (organization: Pick<ActorRow, "username">): string => `/organizations/${organization.username}`;

export function organizationEditPage(v: ViewContext, page: { organization: ActorRow; form: OrganizationEditForm; errors: readonly FieldError[]; suggestions: readonly string[] }): Html {
  const { organization, form: f, errors: e } = page;
  const title = v.t("organization.editTitle", { name: displayName(organization) });
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
<p><a href="${organizationPath(organization)}">${v.t("organization.back")}</a></p>
${errorSummary(v, e)}
<form class="form wide" method="post" action="${organizationPath(organization)}/edit">
${csrfInput(v)}
${organizationIdentityFields(v, f, e)}
<label>${v.t("edit.icon")}
<input name="iconUrl" type="url" value="${f.iconUrl}" maxlength="2000" autocapitalize="none" spellcheck="false" ${fieldAttributes("iconUrl", e)}>
${fieldMessage("iconUrl", e)}
<span class="help">${v.t("edit.iconHelp")}</span>
</label>
<label>${v.t("settings.interests")}
<input name="interests" value="${f.interests}" list="${INTEREST_DATALIST_ID}" ${fieldAttributes("interests", e)}>
${fieldMessage("interests", e)}
<span class="help">${v.t("interests.tagsHelp")}</span>
</label>
${interestDatalist(page.suggestions)}
${regionSelect(v, "region", f.region, v.t("settings.region"), v.t("interests.regionNone"), fieldAttributes("region", e))}
${fieldMessage("region", e)}
<label>${v.t("settings.links")}
<textarea name="links" rows="4" spellcheck="false" ${fieldAttributes("links", e)}>${f.links}</textarea>
${fieldMessage("links", e)}
<span class="help">${v.t("settings.linksHelp")}</span>
</label>
<button type="submit">${v.t("edit.submit")}</button>
</form>`,
  );
}
