// Sign-up, as REGISTRATION_MODE allows: a 403 page when closed, an
// invitation link when by invitation, a plain form when open. Sign-up then
// signs the new person in and sends them to their profile settings.
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { invitationState } from "../../domain/invitations.ts";
import { signUp } from "../../domain/registration.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field, newAccountProblem, protectSecretPage, typedHandle } from "../forms.ts";
import { startSession } from "../sessions.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { signupPage } from "../views/signup.ts";

type Gate = { ok: true; invitation: string | null } | { ok: false; response: Response | Promise<Response> };

/** Whether this request may sign up, and with which invitation; otherwise the page that says why. */
async function gate(c: Context<AppEnv>): Promise<Gate> {
  const { config, db } = c.get("services");
  const mode = config.instance.registrationMode;
  if (mode === "closed") {
    return { ok: false, response: c.html(renderMessagePage(c, { title: "signup.closedTitle", body: "signup.closedBody" }), 403) };
  }
  if (mode === "open") return { ok: true, invitation: null };
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
  return { ok: true, invitation: code };
}

function invitationGone(c: Context<AppEnv>): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title: "signup.inviteGoneTitle", body: "signup.inviteGoneBody" }), 410);
}

export function signupRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/signup", async (c) => {
    const allowed = await gate(c);
    if (!allowed.ok) return allowed.response;
    return c.html(signupPage(viewContext(c), { invitation: allowed.invitation, handle: "", errors: [] }));
  });

  app.post("/signup", csrfProtection, async (c) => {
    const allowed = await gate(c);
    if (!allowed.ok) return allowed.response;
    const { config, db } = c.get("services");
    const body = await c.req.parseBody();
    const handle = typedHandle(body);
    const password = field(body, "password");
    const v = viewContext(c);
    const form = { invitation: allowed.invitation, handle };
    const problem = await newAccountProblem(c, v, handle, password);
    if (problem) return c.html(signupPage(v, { ...form, errors: problem.errors }), problem.status);
    let account;
    try {
      account = await signUp(db, config.publicUrl, config.instance.registrationMode, { handle, password, invitation: allowed.invitation });
    } catch (error) {
      // The last use went to someone else between the check and the transaction.
      if (error instanceof DomainError && error.code === "gone") return invitationGone(c);
      // Someone took the handle in the meantime.
      if (error instanceof DomainError && error.code === "conflict") {
        return c.html(signupPage(v, { ...form, errors: [{ field: "handle", message: v.t("account.handleTaken") }] }), 409);
      }
      throw error;
    }
    await startSession(c, account.actor.id);
    return c.redirect("/settings/profile", 303);
  });

  return app;
}
