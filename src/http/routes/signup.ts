// Sign-up, as the registration mode in force allows (the environment's, or
// what an administrator saved: src/domain/instance-settings.ts): a 403 page
// when closed, an invitation link when by invitation, a plain form when open,
// and when by approval a form whose submission is a request that an
// administrator decides on (src/domain/registration-requests.ts). Sign-up
// then signs the new person in and sends them to their profile settings; a
// request tells the applicant what happens next. Both are limited per client
// address (src/http/signup-throttle.ts).
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { invitationState } from "../../domain/invitations.ts";
import { signUp } from "../../domain/registration.ts";
import { MAX_ANSWER_LENGTH, requestRegistration } from "../../domain/registration-requests.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field, newAccountProblem, protectSecretPage, typedHandle } from "../forms.ts";
import { instanceOf } from "../instance.ts";
import { startSession } from "../sessions.ts";
import { countSignup, signupWait } from "../signup-throttle.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { signupPage, signupRequestedPage } from "../views/signup.ts";

type Gate = { ok: true; invitation: string | null; approval: boolean } | { ok: false; response: Response | Promise<Response> };

/** Whether this request may sign up, and with which invitation; otherwise the page that says why. */
async function gate(c: Context<AppEnv>): Promise<Gate> {
  const { db } = c.get("services");
  const mode = instanceOf(c).registrationMode;
  if (mode === "closed") {
    return { ok: false, response: c.html(renderMessagePage(c, { title: "signup.closedTitle", body: "signup.closedBody" }), 403) };
  }
  if (mode === "open" || mode === "approval") return { ok: true, invitation: null, approval: mode === "approval" };
  const code = c.req.query("invite")?.trim();
  if (!code) {
    return { ok: false, response: c.html(renderMessagePage(c, { title: "signup.inviteRequiredTitle", body: "signup.inviteRequiredBody" }), 403) };
  }
  protectSecretPage(c);
  const state = await invitationState(db, code);
  if (state === "unknown") {
    return { ok: false, response: c.html(renderMessagePage(c, { title: "signup.inviteUnknownTitle", body: "signup.inviteUnknownBody" }), 404) };
  }
  if (state === "gone") return { ok: false, response: invitationGone(c) };
  return { ok: true, invitation: code, approval: false };
}

function invitationGone(c: Context<AppEnv>): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title: "signup.inviteGoneTitle", body: "signup.inviteGoneBody" }), 410);
}

export function signupRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/signup", async (c) => {
    const allowed = await gate(c);
    if (!allowed.ok) return allowed.response;
    return c.html(signupPage(viewContext(c), { invitation: allowed.invitation, approval: allowed.approval, handle: "", answer: "", errors: [] }));
  });

  app.post("/signup", csrfProtection, async (c) => {
    const allowed = await gate(c);
    if (!allowed.ok) return allowed.response;
    const { config, db } = c.get("services");
    const body = await c.req.parseBody();
    const handle = typedHandle(body);
    const password = field(body, "password");
    const answer = field(body, "answer").slice(0, MAX_ANSWER_LENGTH * 2);
    const v = viewContext(c);
    const form = { invitation: allowed.invitation, approval: allowed.approval, handle, answer };
    const wait = await signupWait(c);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.html(signupPage(v, { ...form, errors: [{ field: "handle", message: v.t("signup.throttled", { minutes: Math.ceil(wait / 60) }) }] }), 429);
    }
    const problem = await newAccountProblem(c, v, handle, password);
    const errors = problem?.errors ?? [];
    if (allowed.approval && answer.trim() === "") errors.push({ field: "answer", message: v.t("signup.answerRequired") });
    if (allowed.approval && answer.trim().length > MAX_ANSWER_LENGTH) errors.push({ field: "answer", message: v.t("signup.answerTooLong", { limit: MAX_ANSWER_LENGTH }) });
    if (errors.length > 0) return c.html(signupPage(v, { ...form, errors }), problem?.status ?? 400);
    if (allowed.approval) {
      try {
        await requestRegistration(db, { handle, password, answer, language: c.get("lang") });
      } catch (error) {
        // Someone asked for the handle in the meantime.
        if (error instanceof DomainError && error.code === "conflict") {
          return c.html(signupPage(v, { ...form, errors: [{ field: "handle", message: v.t("account.handleTaken") }] }), 409);
        }
        throw error;
      }
      await countSignup(c);
      return c.html(signupRequestedPage(v, handle));
    }
    let account;
    try {
      account = await signUp(db, config.publicUrl, instanceOf(c).registrationMode, { handle, password, invitation: allowed.invitation });
    } catch (error) {
      // The last use went to someone else between the check and the transaction.
      if (error instanceof DomainError && error.code === "gone") return invitationGone(c);
      // Someone took the handle in the meantime.
      if (error instanceof DomainError && error.code === "conflict") {
        return c.html(signupPage(v, { ...form, errors: [{ field: "handle", message: v.t("account.handleTaken") }] }), 409);
      }
      throw error;
    }
    await countSignup(c);
    await startSession(c, account.actor.id);
    return c.redirect("/settings/profile", 303);
  });

  return app;
}
