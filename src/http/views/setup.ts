// The one-time form that creates the first administrator, and the handle and
// password fields it shares with the sign-up form.
import { html } from "hono/html";
import { MIN_PASSWORD_LENGTH } from "../../domain/accounts.ts";
import { setupPath } from "../../domain/setup-links.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";

export interface SetupForm {
  readonly token: string;
  readonly handle: string;
  /** The last submission's problems, translated. */
  readonly errors: readonly FieldError[];
}

/** Handle and password of a new account. */
export function newAccountFields(v: ViewContext, handle: string, errors: readonly FieldError[] = []): Html {
  return html`<label>${v.t("account.handle")}
<input name="handle" value="${handle}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="30" required ${fieldAttributes("handle", errors)}>
${fieldMessage("handle", errors)}
<span class="help">${v.t("account.handleHelp", { host: v.origin.host })}</span>
</label>
<label>${v.t("account.password")}
<input type="password" name="password" ${fieldAttributes("password", errors)} autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
${fieldMessage("password", errors)}
<span class="help">${v.t("account.passwordHelp", { min: MIN_PASSWORD_LENGTH })}</span>
</label>`;
}

export function setupPage(v: ViewContext, form: SetupForm): Html {
  return layout(
    v,
    { title: v.t("setup.title") },
    html`<h1>${v.t("setup.title")}</h1>
<p>${v.t("setup.intro", { name: v.instance.name })}</p>
${errorSummary(v, form.errors)}
<form class="form" method="post" action="${setupPath(form.token)}">
${csrfInput(v)}
${newAccountFields(v, form.handle, form.errors)}
<button type="submit">${v.t("setup.submit")}</button>
</form>`,
  );
}
