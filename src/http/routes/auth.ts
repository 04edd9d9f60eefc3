// Signing in and out, the first administrator's setup link, and the language
// switch. Every form POST goes through the CSRF check; failed sign-ins are
// throttled per handle and per client address.
import { Hono, type Context } from "hono";
import { setCookie } from "hono/cookie";
import { localUsername, verifyCredentials } from "../../domain/accounts.ts";
import { DomainError } from "../../domain/errors.ts";
import { requestStanding } from "../../domain/registration-requests.ts";
import { consumeSetupToken, setupTokenState } from "../../domain/setup-links.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field, newAccountProblem, protectSecretPage, typedHandle } from "../forms.ts";
import { isLanguage, LANG_COOKIE } from "../i18n/negotiate.ts";
import { endSession, startSession } from "../sessions.ts";
import { attemptOf, passwordThrottle, throttledMessage } from "../throttle.ts";
import { safeNext, viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { setupPage } from "../views/setup.ts";
import { signinPage } from "../views/signin.ts";

const LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

function setupGone(c: Context<AppEnv>): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title: "setup.goneTitle", body: "setup.goneBody" }), 410);
}

/** Where the language switch returns: its `next` parameter, else the page it was clicked on (same site only). */
function backTo(c: Context<AppEnv>): string {
  const next = c.req.query("next");
  if (next != null) return safeNext(next);
  const referer = URL.parse(c.req.header("referer") ?? "");
  if (referer && referer.origin === c.get("services").config.publicUrl.origin) return safeNext(referer.pathname + referer.search);
  return "/";
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/signin", (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.get("user")) return c.redirect(next, 303);
    return c.html(signinPage(viewContext(c), { handle: "", next, error: null }));
  });

  app.post("/signin", csrfProtection, async (c) => {
    const services = c.get("services");
    const body = await c.req.parseBody();
    const handle = field(body, "handle").trim();
    const password = field(body, "password");
    const next = safeNext(field(body, "next"));
    const v = viewContext(c);
    const throttle = passwordThrottle(services);
    const attempt = attemptOf(c, localUsername(handle, services.config.publicUrl) ?? handle);
    // Checked before the password, so a correct guess after the limit tells nothing.
    const wait = await throttle.retryAfter(attempt);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.html(signinPage(v, { handle, next, error: throttledMessage(v, wait) }), 429);
    }
    const account = handle && password ? await verifyCredentials(services.db, services.config.publicUrl, handle, password) : null;
    if (!account) {
      // An applicant whose request is not approved (yet) is told where it stands, not "wrong password".
      const standing = handle && password ? await requestStanding(services.db, localUsername(handle, services.config.publicUrl) ?? handle, password) : null;
      if (standing) {
        const error = standing.status === "pending" ? v.t("signin.requestPending") : standing.reason ? v.t("signin.requestRefusedBecause", { reason: standing.reason }) : v.t("signin.requestRefused");
        return c.html(signinPage(v, { handle, next, error }), 403);
      }
      await throttle.recordFailure(attempt);
      return c.html(signinPage(v, { handle, next, error: v.t("signin.failed") }), 401);
    }
    // The owner's success lifts the handle's lock, not the address's: a
    // guesser cannot reset its own count by signing into an account of its own.
    await throttle.clear(attempt.handle);
    await startSession(c, account.actor.id);
    return c.redirect(next, 303);
  });

  app.post("/signout", csrfProtection, async (c) => {
    await endSession(c);
    return c.redirect("/", 303);
  });

  app.get("/setup/:token", async (c) => {
    protectSecretPage(c);
    const state = await setupTokenState(c.get("services").db, c.req.param("token"));
    if (state === "unknown") return c.notFound();
    if (state === "gone") return setupGone(c);
    return c.html(setupPage(viewContext(c), { token: c.req.param("token"), handle: "", errors: [] }));
  });

  app.post("/setup/:token", csrfProtection, async (c) => {
    protectSecretPage(c);
    const { db, config } = c.get("services");
    const token = c.req.param("token");
    const state = await setupTokenState(db, token);
    if (state === "unknown") return c.notFound();
    if (state === "gone") return setupGone(c);
    const body = await c.req.parseBody();
    const handle = typedHandle(body);
    const password = field(body, "password");
    const v = viewContext(c);
    const problem = await newAccountProblem(c, v, handle, password);
    if (problem) return c.html(setupPage(v, { token, handle, errors: problem.errors }), problem.status);
    let account;
    try {
      account = await consumeSetupToken(db, config.publicUrl, token, { handle, password });
    } catch (error) {
      if (error instanceof DomainError && error.code === "gone") return setupGone(c);
      // Someone took the handle between the check and the transaction.
      if (error instanceof DomainError && error.code === "conflict") {
        return c.html(setupPage(v, { token, handle, errors: [{ field: "handle", message: v.t("account.handleTaken") }] }), 409);
      }
      throw error;
    }
    await startSession(c, account.actor.id);
    return c.redirect(`/@${account.actor.username}`, 303);
  });

  app.get("/lang/:lang", (c) => {
    const lang = c.req.param("lang");
    if (!isLanguage(lang)) return c.notFound();
    setCookie(c, LANG_COOKIE, lang, {
      path: "/",
      maxAge: LANG_COOKIE_MAX_AGE,
      sameSite: "Lax",
      httpOnly: true,
      secure: c.get("services").config.publicUrl.protocol === "https:",
    });
    return c.redirect(backTo(c), 303);
  });

  return app;
}
