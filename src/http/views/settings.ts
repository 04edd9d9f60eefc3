// The signed-in person's settings: the public profile, and the account
// (password, deletion).
import { html } from "hono/html";
import { MIN_PASSWORD_LENGTH } from "../../domain/accounts.ts";
import type { ApiTokenSummary } from "../../domain/api-tokens.ts";
import { csrfInput, layout, withFragment, type Html, type ViewContext } from "./layout.ts";
import { fillFragments } from "./note.ts";
import { timeTag } from "./times.ts";
import { coordinateInputs, INTEREST_DATALIST_ID, interestDatalist, regionSelect } from "./interest-fields.ts";

export type SettingsSection = "profile" | "privacy" | "account" | "requests" | "blocks" | "export";

const SECTIONS: readonly { section: SettingsSection; href: string; label: "settings.profileTab" | "privacyChoices.tab" | "settings.accountTab" | "settings.requestsTab" | "settings.blocksTab" | "dataExport.tab" }[] = [
  { section: "profile", href: "/settings/profile", label: "settings.profileTab" },
  { section: "privacy", href: "/settings/privacy", label: "privacyChoices.tab" },
  { section: "account", href: "/settings/account", label: "settings.accountTab" },
  { section: "requests", href: "/follow-requests", label: "settings.requestsTab" },
  { section: "blocks", href: "/settings/blocks", label: "settings.blocksTab" },
  { section: "export", href: "/settings/export", label: "dataExport.tab" },
];

export function settingsNav(v: ViewContext, current: SettingsSection): Html {
  return html`<nav class="settings-nav" aria-label="${v.t("settings.nav")}"><ul>
${SECTIONS.map(
  (s) => html`<li><a href="${s.href}"${s.section === current ? html` aria-current="page"` : ""}>${v.t(s.label)}</a></li>`,
)}
</ul></nav>`;
}

/** The profile form's fields, as typed (re-shown as is after a refusal). */
export interface ProfileForm {
  readonly name: string;
  readonly summary: string;
  readonly interests: string;
  readonly region: string;
  readonly standpoint: string;
  /** One `name | url` per line. */
  readonly links: string;
  readonly locked: boolean;
  /** A point on the map, as typed (both or neither). */
  readonly latitude: string;
  readonly longitude: string;
}

export interface ProfileSettings {
  readonly form: ProfileForm;
  readonly saved: boolean;
  /** Translated reason the last submission was refused. */
  readonly error: string | null;
  /** The shared vocabulary, suggested while typing interests. */
  readonly suggestions?: readonly string[];
}

function notice(text: string): Html {
  return html`<p class="notice" role="status">${text}</p>`;
}

export function profileSettingsPage(v: ViewContext, page: ProfileSettings): Html {
  const f = page.form;
  const username = v.user?.actor.username ?? "";
  return layout(
    v,
    { title: v.t("settings.profileTitle") },
    html`${settingsNav(v, "profile")}
<h1>${v.t("settings.profileTitle")}</h1>
${page.saved ? notice(v.t("settings.saved")) : ""}
${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ""}
<form class="form wide" method="post" action="/settings/profile">
${csrfInput(v)}
<label>${v.t("settings.name")}
<input name="name" value="${f.name}" maxlength="100" autocomplete="name">
<span class="help">${v.t("settings.nameHelp")}</span>
</label>
<label>${v.t("settings.summary")}
<textarea name="summary" rows="6" maxlength="2000">${f.summary}</textarea>
<span class="help">${v.t("settings.summaryHelp")}</span>
</label>
<p class="help">${withFragment(
  v.t(v.user?.actor.profile_details_public === 1 ? "privacyChoices.detailsNoticePublic" : "privacyChoices.detailsNotice", { privacy: "{privacy}" }),
  "{privacy}",
  html`<a href="/settings/privacy">${v.t("privacyChoices.tab")}</a>`,
)}</p>
<label>${v.t("settings.interests")}
<input name="interests" value="${f.interests}" list="${INTEREST_DATALIST_ID}" autocapitalize="none">
<span class="help">${v.t("settings.interestsHelp")}</span>
</label>
${interestDatalist(page.suggestions ?? [])}
${regionSelect(v, "region", f.region, v.t("settings.region"), v.t("interests.regionNone"))}
${coordinateInputs(v, f.latitude, f.longitude)}
<label>${v.t("settings.standpoint")}
<input name="standpoint" value="${f.standpoint}" maxlength="200">
<span class="help">${v.t("settings.standpointHelp")}</span>
</label>
<label>${v.t("settings.links")}
<textarea name="links" rows="4" spellcheck="false">${f.links}</textarea>
<span class="help">${v.t("settings.linksHelp")}</span>
</label>
<label class="check"><input type="checkbox" name="locked" value="1"${f.locked ? html` checked` : ""}> ${v.t("settings.locked")}</label>
<span class="help">${v.t("settings.lockedHelp")}</span>
<button type="submit">${v.t("settings.save")}</button>
</form>
<p><a href="/@${username}">${v.t("settings.viewProfile")}</a></p>`,
  );
}

export interface AccountSettings {
  readonly passwordChanged: boolean;
  /** How many API tokens the last password change revoked. */
  readonly tokensRevoked?: number;
  readonly tokens: readonly ApiTokenSummary[];
  /** Translated reasons the password change or the deletion was refused. */
  readonly passwordError: string | null;
  readonly deleteError: string | null;
}

function tokensSection(v: ViewContext, page: AccountSettings): Html {
  return html`<h2 id="tokens">${v.t("settings.tokensTitle")}</h2>
<p>${v.t("settings.tokensHelp")}</p>
${page.tokensRevoked ? notice(v.t("settings.tokensRevoked", { count: page.tokensRevoked })) : ""}
${
  page.tokens.length === 0
    ? html`<p class="muted">${v.t("settings.noTokens")}</p>`
    : html`<ul class="tokens">${page.tokens.map(
        (token) => html`<li><strong>${token.label}</strong> <span class="muted">${fillFragments(v.t("settings.tokenDates", { created: "{created}", used: "{used}" }), {
          created: timeTag(v, token.createdAt),
          used: token.lastUsedAt ? timeTag(v, token.lastUsedAt) : html`${v.t("settings.tokenNeverUsed")}`,
        })}</span>
<form class="inline" method="post" action="/settings/tokens/${token.id}/revoke">${csrfInput(v)}<button type="submit" class="danger">${v.t("settings.revokeToken")}</button></form></li>`,
      )}</ul>`
}`;
}

export function accountSettingsPage(v: ViewContext, page: AccountSettings): Html {
  return layout(
    v,
    { title: v.t("settings.accountTitle") },
    html`${settingsNav(v, "account")}
<h1>${v.t("settings.accountTitle")}</h1>
<h2 id="password">${v.t("settings.passwordTitle")}</h2>
${page.passwordChanged ? notice(v.t("settings.passwordChanged")) : ""}
${page.passwordError ? html`<p class="error" role="alert">${page.passwordError}</p>` : ""}
<form class="form" method="post" action="/settings/password">
${csrfInput(v)}
<input type="hidden" name="username" value="${v.user?.actor.username ?? ""}" autocomplete="username">
<label>${v.t("settings.currentPassword")}
<input type="password" name="current" autocomplete="current-password" required>
</label>
<label>${v.t("settings.newPassword")}
<input type="password" name="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<span class="help">${v.t("account.passwordHelp", { min: MIN_PASSWORD_LENGTH })}</span>
</label>
<label class="check"><input type="checkbox" name="revoke_tokens" value="1" checked> ${v.t("settings.revokeTokensOnChange")}</label>
<button type="submit">${v.t("settings.passwordSubmit")}</button>
</form>
${tokensSection(v, page)}
<h2 id="delete">${v.t("settings.deleteTitle")}</h2>
<p>${v.t("settings.deleteWarning")}</p>
${page.deleteError ? html`<p class="error" role="alert">${page.deleteError}</p>` : ""}
<form class="form" method="post" action="/settings/delete">
${csrfInput(v)}
<p><a href="/settings/export">${v.t("dataExport.beforeDeleting")}</a></p>
<label class="check"><input type="checkbox" name="keep_licensed_notes" value="1"> ${v.t("accountDeletion.keepLicensed")}</label>
<p class="help">${v.t("accountDeletion.keepLicensedHelp")}</p>
<label>${v.t("settings.deletePassword")}
<input type="password" name="password" autocomplete="current-password" required>
</label>
<button type="submit" class="danger">${v.t("settings.deleteSubmit")}</button>
</form>`,
  );
}
