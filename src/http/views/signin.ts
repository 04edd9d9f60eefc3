// The sign-in form (handle and password).
import { html } from "hono/html";
import { csrfInput, layout, signupOpen, withFragment, type Html, type ViewContext } from "./layout.ts";

export interface SigninForm {
  readonly handle: string;
  readonly next: string;
  /** Why the last attempt was refused, translated. */
  readonly error: string | null;
}

export function signinPage(v: ViewContext, form: SigninForm): Html {
  return layout(
    v,
    { title: v.t("signin.title") },
    html`<h1>${v.t("signin.title")}</h1>
${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ""}
<form class="form" method="post" action="/signin">
${csrfInput(v)}
<input type="hidden" name="next" value="${form.next}">
<label>${v.t("signin.handle")}
<input name="handle" value="${form.handle}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
</label>
<label>${v.t("signin.password")}
<input type="password" name="password" autocomplete="current-password" required>
</label>
<button type="submit">${v.t("signin.submit")}</button>
</form>
${signupOpen(v)
  ? html`<p>${withFragment(v.t("signin.noAccount", { signup: "{signup}" }), "{signup}", html`<a href="/signup">${v.t("layout.signup")}</a>`)}</p>`
  : ""}`,
  );
}
