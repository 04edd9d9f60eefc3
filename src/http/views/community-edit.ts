// A community's moderators change its presentation and settings from the
// pages (the API's PATCH /api/v1/communities/:handle): everything but the
// handle and the access, which stay as created (turning a private community
// public would expose what its members wrote for them only).
import { html } from "hono/html";
import type { Community } from "../../domain/communities.ts";
import { communityPath } from "./communities-index.ts";
import { communityIdentityFields, communitySettingsFields, type CommunitySettingsForm } from "./community-form.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";

export interface CommunityEditForm extends CommunitySettingsForm {
  readonly iconUrl: string;
  /** A whole number (members' votes that set a quality label), or "" for moderators only. */
  readonly labelVoteThreshold: string;
}

export const communityEditPath = (community: Community): string => `${communityPath(community)}/edit`;

export function communityEditPage(v: ViewContext, page: { community: Community; form: CommunityEditForm; errors: readonly FieldError[]; suggestions: readonly string[] }): Html {
  const { community, form: f, errors: e } = page;
  const title = v.t("communities.editTitle", { name: displayName(community.actor) });
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
<p><a href="${communityPath(community)}">${v.t("communities.back")}</a> · <a href="${communityPath(community)}/moderation">${v.t("communities.moderation")}</a></p>
${errorSummary(v, e)}
<form class="form wide community-form" method="post" action="${communityEditPath(community)}">
${csrfInput(v)}
${communityIdentityFields(v, f, e)}
<label>${v.t("edit.icon")}
<input name="iconUrl" type="url" value="${f.iconUrl}" maxlength="2000" autocapitalize="none" spellcheck="false" ${fieldAttributes("iconUrl", e)}>
${fieldMessage("iconUrl", e)}
<span class="help">${v.t("edit.iconHelp")}</span>
</label>
<p class="help">${v.t(community.settings.visibility === "private" ? "communities.editAccessPrivate" : "communities.editAccessPublic")}</p>
${communitySettingsFields(v, f, e, page.suggestions)}
<label>${v.t("communities.editLabelVotes")}
<input name="labelVoteThreshold" inputmode="numeric" value="${f.labelVoteThreshold}" maxlength="4" ${fieldAttributes("labelVoteThreshold", e)}>
${fieldMessage("labelVoteThreshold", e)}
<span class="help">${v.t("communities.editLabelVotesHelp")}</span>
</label>
<button type="submit">${v.t("edit.submit")}</button>
</form>`,
  );
}
