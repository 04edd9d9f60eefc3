// The sign-up form, open to all or reached through an invitation link.
import { html } from "hono/html";
import { invitationPath } from "../../domain/invitations.ts";
import { errorSummary, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, withFragment, type Html, type ViewContext } from "./layout.ts";
import { newAccountFields } from "./setup.ts";

export interface SignupForm {
  /** The invitation code, when sign-up is by invitation. */
  readonly invitation: string | null;
  readonly handle: string;
  /** The last submission's problems, translated. */
  readonly errors: readonly FieldError[];
}

export function signupPage(v: ViewContext, form: SignupForm): Html {
  const action = form.invitation ? invitationPath(form.invitation) : "/signup";
  const signin = html`<a href="/signin">${v.t("layout.signin")}</a>`;
  return layout(
    v,
    { title: v.t("signup.title") },
    html`<h1>${v.t("signup.title")}</h1>
<p>${form.invitation ? v.t("signup.invited", { name: v.instance.name }) : v.t("signup.intro", { name: v.instance.name })}</p>
${errorSummary(v, form.errors)}
<form class="form" method="post" action="${action}">
${csrfInput(v)}
${newAccountFields(v, form.handle, form.errors)}
<button type="submit">${v.t("signup.submit")}</button>
</form>
<p>${withFragment(v.t("signup.haveAccount", { signin: "{signin}" }), "{signin}", signin)}</p>`,
  );
}
