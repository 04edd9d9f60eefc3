// The signed-in person's privacy choices (docs/PRIVACY.md, "Choices").
import { html } from "hono/html";
import type { PrivacyChoices } from "../../domain/privacy-choices.ts";
import { CHOOSABLE_VISIBILITIES } from "../../domain/visibility.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { visibilityLabel } from "./note.ts";
import { settingsNav } from "./settings.ts";

const CHOICES = [
  { name: "discoverable", label: "privacyChoices.discoverable", help: "privacyChoices.discoverableHelp" },
  { name: "indexable", label: "privacyChoices.indexable", help: "privacyChoices.indexableHelp" },
  { name: "searchEngines", label: "privacyChoices.searchEngines", help: "privacyChoices.searchEnginesHelp" },
  { name: "profileDetailsPublic", label: "privacyChoices.profileDetailsPublic", help: "privacyChoices.profileDetailsPublicHelp" },
] as const;

export function privacySettingsPage(v: ViewContext, page: { choices: PrivacyChoices; saved: boolean }): Html {
  const { choices } = page;
  return layout(
    v,
    { title: v.t("privacyChoices.title") },
    html`${settingsNav(v, "privacy")}
<h1>${v.t("privacyChoices.title")}</h1>
${page.saved ? html`<p class="notice" role="status">${v.t("privacyChoices.saved")}</p>` : ""}
<p>${v.t("privacyChoices.intro")} <a href="/privacy">${v.t("privacyChoices.policyLink")}</a></p>
<form class="form wide" method="post" action="/settings/privacy">
${csrfInput(v)}
${CHOICES.map(
  (choice) => html`<label class="check"><input type="checkbox" name="${choice.name}" value="1"${choices[choice.name] ? html` checked` : ""}> ${v.t(choice.label)}</label>
<span class="help">${v.t(choice.help)}</span>`,
)}
<label>${v.t("privacyChoices.defaultVisibility")}
<select name="defaultVisibility">${CHOOSABLE_VISIBILITIES.map(
      (value) => html`<option value="${value}"${value === choices.defaultVisibility ? html` selected` : ""}>${visibilityLabel(v, value)}</option>`,
    )}</select>
<span class="help">${v.t("privacyChoices.defaultVisibilityHelp")}</span>
</label>
<button type="submit">${v.t("settings.save")}</button>
</form>`,
  );
}
