// The sign-up form, open to all, reached through an invitation link, or (when
// sign-ups need approval) a request with the applicant's reason to join; and
// the page that tells an applicant what happens next.
import { html } from "hono/html";
import { invitationPath } from "../../domain/invitations.ts";
import { MAX_ANSWER_LENGTH } from "../../domain/registration-requests.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, withFragment, type Html, type ViewContext } from "./layout.ts";
import { newAccountFields } from "./setup.ts";

export interface SignupForm {
  /** The invitation code, when sign-up is by invitation. */
  readonly invitation: string | null;
  /** Sign-ups are requests an administrator approves: the form asks why. */
  readonly approval: boolean;
  readonly handle: string;
  readonly answer: string;
  /** The last submission's problems, translated. */
  readonly errors: readonly FieldError[];
}

function intro(v: ViewContext, form: SignupForm): string {
  if (form.invitation) return v.t("signup.invited", { name: v.instance.name });
  return form.approval ? v.t("signup.approvalIntro", { name: v.instance.name }) : v.t("signup.intro", { name: v.instance.name });
}

export function signupPage(v: ViewContext, form: SignupForm): Html {
  const action = form.invitation ? invitationPath(form.invitation) : "/signup";
  const signin = html`<a href="/signin">${v.t("layout.signin")}</a>`;
  const title = v.t(form.approval ? "signup.approvalTitle" : "signup.title");
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
<p>${intro(v, form)}</p>
${errorSummary(v, form.errors)}
<form class="form" method="post" action="${action}">
${csrfInput(v)}
${newAccountFields(v, form.handle, form.errors)}
${form.approval
  ? html`<label>${v.t("signup.answer")}
<textarea name="answer" rows="4" maxlength="${MAX_ANSWER_LENGTH}" required ${fieldAttributes("answer", form.errors)}>${form.answer}</textarea>
${fieldMessage("answer", form.errors)}
<span class="help">${v.t("signup.answerHelp")}</span>
</label>`
  : ""}
<button type="submit">${v.t(form.approval ? "signup.requestSubmit" : "signup.submit")}</button>
</form>
<p>${withFragment(v.t("signup.haveAccount", { signin: "{signin}" }), "{signin}", signin)}</p>`,
  );
}

/** After a request: it is held, an administrator reads it, and sign-in works once it is approved. */
export function signupRequestedPage(v: ViewContext, handle: string): Html {
  const signin = html`<a href="/signin">${v.t("layout.signin")}</a>`;
  return layout(
    v,
    { title: v.t("signup.requestedTitle"), noindex: true },
    html`<h1>${v.t("signup.requestedTitle")}</h1>
<p class="notice" role="status">${v.t("signup.requestedBody", { handle, name: v.instance.name })}</p>
<p>${withFragment(v.t("signup.requestedNext", { signin: "{signin}" }), "{signin}", signin)}</p>`,
  );
}
