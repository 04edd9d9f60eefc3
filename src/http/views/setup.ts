// The one-time form that creates the first administrator, and the handle and
// password fields it shares with the sign-up form.
import { html } from "hono/html";
import { MIN_PASSWORD_LENGTH } from "../../domain/accounts.ts";
import { setupPath } from "../../domain/setup-links.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";

export interface SetupForm {
  readonly token: string;
  readonly handle: string;
  /** An already translated problem with the last submission. */
  readonly error: string | null;
}

/** Handle and password of a new account. */
export function newAccountFields(v: ViewContext, handle: string): Html {
  return html`<label>${v.t("account.handle")}
<input name="handle" value="${handle}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="30" required>
<span class="help">${v.t("account.handleHelp", { host: v.origin.host })}</span>
</label>
<label>${v.t("account.password")}
<input type="password" name="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<span class="help">${v.t("account.passwordHelp", { min: MIN_PASSWORD_LENGTH })}</span>
</label>`;
}

export function setupPage(v: ViewContext, form: SetupForm): Html {
  return layout(
    v,
    { title: v.t("setup.title") },
    html`<h1>${v.t("setup.title")}</h1>
<p>${v.t("setup.intro", { name: v.instance.name })}</p>
${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ""}
<form class="form" method="post" action="${setupPath(form.token)}">
${csrfInput(v)}
${newAccountFields(v, form.handle)}
<button type="submit">${v.t("setup.submit")}</button>
</form>`,
  );
}
