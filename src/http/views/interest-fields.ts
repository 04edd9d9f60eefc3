// Form fields shared by the profile, organization, community and notebook
// forms and the find and search pages: the 17 Québec regions as a select,
// and interest tags suggested while typing from the shared vocabulary (a
// server-filled <datalist>: browsers suggest from it with no script).
import { html } from "hono/html";
import { QUEBEC_REGIONS, regionFromText } from "../../domain/regions.ts";
import type { Html, ViewContext } from "./layout.ts";

export const INTEREST_DATALIST_ID = "interest-suggestions";

/** A select of the 17 regions ("01 – Bas-Saint-Laurent"…); `current` is a number or name. */
export function regionSelect(v: ViewContext, name: string, current: string, label: string, noneLabel: string, attributes: Html | "" = ""): Html {
  const selected = regionFromText(current)?.code ?? "";
  return html`<label>${label}<select name="${name}"${attributes ? html` ${attributes}` : ""}>
<option value="">${noneLabel}</option>
${QUEBEC_REGIONS.map((r) => html`<option value="${r.code}"${r.code === selected ? " selected" : ""}>${r.code} – ${r.name}</option>`)}
</select></label>`;
}

/** The vocabulary, once per page; inputs name it with `list="interest-suggestions"`. */
export function interestDatalist(suggestions: readonly string[]): Html {
  return html`<datalist id="${INTEREST_DATALIST_ID}">${suggestions.map((s) => html`<option value="${s}"></option>`)}</datalist>`;
}

/** Latitude and longitude inputs (a point on the map, optional). */
export function coordinateInputs(v: ViewContext, latitude: string, longitude: string): Html {
  return html`<fieldset class="coordinates">
<legend>${v.t("interests.coordinates")}</legend>
<label>${v.t("interests.latitude")}<input name="latitude" inputmode="decimal" value="${latitude}" maxlength="20"></label>
<label>${v.t("interests.longitude")}<input name="longitude" inputmode="decimal" value="${longitude}" maxlength="20"></label>
<span class="help">${v.t("interests.coordinatesHelp")}</span>
</fieldset>`;
}
