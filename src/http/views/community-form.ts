// Creating a community from the browser: handle, name, description, access
// (public or private), rules, languages and topics. The domain checks it all
// (parseNewCommunity, createCommunity); a refusal shows the form again.
import { html } from "hono/html";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { INTEREST_DATALIST_ID, interestDatalist, regionSelect } from "./interest-fields.ts";

/** The form's fields as typed, re-shown unchanged after a refusal. */
export interface CommunityForm {
  readonly handle: string;
  readonly name: string;
  readonly summary: string;
  readonly visibility: string;
  readonly rules: string;
  /** Comma-separated language codes. */
  readonly languages: string;
  /** Comma-separated: the community's interest tags (docs/DISCOVERY.md). */
  readonly topics: string;
  /** A region's number, or "". */
  readonly region: string;
  readonly postingRestrictedToMods: boolean;
}

export const EMPTY_COMMUNITY_FORM: CommunityForm = {
  handle: "",
  name: "",
  summary: "",
  visibility: "public",
  rules: "",
  languages: "",
  topics: "",
  region: "",
  postingRestrictedToMods: false,
};

/** What a community's creator and later its moderators both set (the edit form is views/community-edit.ts). */
export type CommunitySettingsForm = Omit<CommunityForm, "handle" | "visibility">;

/** Name and description, first on both forms. */
export function communityIdentityFields(v: ViewContext, f: CommunitySettingsForm, e: readonly FieldError[]): Html {
  return html`<label>${v.t("communities.formName")}
<input name="name" value="${f.name}" maxlength="100" ${fieldAttributes("name", e)}>
${fieldMessage("name", e)}
</label>
<label>${v.t("communities.formSummary")}
<textarea name="summary" rows="4" maxlength="2000" ${fieldAttributes("summary", e)}>${f.summary}</textarea>
${fieldMessage("summary", e)}
</label>`;
}

/** Rules, languages, topics with their suggestions, region and who opens discussions. */
export function communitySettingsFields(v: ViewContext, f: CommunitySettingsForm, e: readonly FieldError[], suggestions: readonly string[]): Html {
  return html`<label>${v.t("communities.formRules")}
<textarea name="rules" rows="6" maxlength="5000" ${fieldAttributes("rules", e)}>${f.rules}</textarea>
${fieldMessage("rules", e)}
<span class="help">${v.t("communities.formRulesHelp")}</span>
</label>
<label>${v.t("communities.formLanguages")}
<input name="languages" value="${f.languages}" autocapitalize="none" spellcheck="false" ${fieldAttributes("languages", e)}>
${fieldMessage("languages", e)}
<span class="help">${v.t("communities.formLanguagesHelp")}</span>
</label>
<label>${v.t("communities.formTopics")}
<input name="topics" value="${f.topics}" list="${INTEREST_DATALIST_ID}" ${fieldAttributes("topics", e)}>
${fieldMessage("topics", e)}
<span class="help">${v.t("communities.formTopicsHelp")}</span>
</label>
${interestDatalist(suggestions)}
${regionSelect(v, "region", f.region, v.t("settings.region"), v.t("interests.regionNone"), fieldAttributes("region", e))}
${fieldMessage("region", e)}
<label class="check"><input type="checkbox" name="postingRestrictedToMods" value="1"${f.postingRestrictedToMods ? html` checked` : ""}> ${v.t(
    "communities.formRestricted",
  )}</label>`;
}

function visibilityChoice(v: ViewContext, form: CommunityForm, value: "public" | "private"): Html {
  return html`<label class="check"><input type="radio" name="visibility" value="${value}"${form.visibility === value ? html` checked` : ""}> ${v.t(
    value === "public" ? "communities.public" : "communities.private",
  )} <span class="help">${v.t(value === "public" ? "communities.publicHelp" : "communities.privateHelp")}</span></label>`;
}

export function communityFormPage(v: ViewContext, page: { form: CommunityForm; errors: readonly FieldError[]; suggestions?: readonly string[] }): Html {
  const f = page.form;
  const e = page.errors;
  const title = v.t("communities.newTitle");
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
${errorSummary(v, e)}
<form class="form wide community-form" method="post" action="/communities/new">
${csrfInput(v)}
<label>${v.t("communities.formHandle")}
<input name="handle" value="${f.handle}" maxlength="30" required autocapitalize="none" spellcheck="false" ${fieldAttributes("handle", e)}>
${fieldMessage("handle", e)}
<span class="help">${v.t("communities.formHandleHelp", { host: v.origin.host })}</span>
</label>
${communityIdentityFields(v, f, e)}
<fieldset>
<legend>${v.t("communities.visibility")}</legend>
${visibilityChoice(v, f, "public")}
${visibilityChoice(v, f, "private")}
</fieldset>
${communitySettingsFields(v, f, e, page.suggestions ?? [])}
<button type="submit">${v.t("communities.formSubmit")}</button>
</form>
<p><a href="/communities">${v.t("communities.title")}</a></p>`,
  );
}
