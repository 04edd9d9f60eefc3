// Who is making the request: a browser session (cookie) for the pages, or an
// API bearer token. Bearer requests need no CSRF token: browsers never attach
// an Authorization header on their own.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Account } from "../domain/accounts.ts";
import { findUserByToken } from "../domain/api-tokens.ts";
import { createWebSession, deleteWebSession, findWebSession, SESSION_TTL_MS } from "../domain/web-sessions.ts";
import type { AppEnv, CurrentUser } from "./env.ts";

export const SESSION_COOKIE = "ec_session";

function cookieOptions(c: Context<AppEnv>) {
  return {
    httpOnly: true,
    sameSite: "Lax" as const,
    path: "/",
    secure: c.get("services").config.publicUrl.protocol === "https:",
  };
}

export function currentUserOf(account: Account): CurrentUser {
  return { actor: account.actor, isAdmin: account.user.is_admin === 1 };
}

/** Signs the browser in as `userId` (replacing any session it had). */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const db = c.get("services").db;
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await deleteWebSession(db, previous);
  const session = await createWebSession(db, userId);
  setCookie(c, SESSION_COOKIE, session.id, { ...cookieOptions(c), maxAge: Math.floor(SESSION_TTL_MS / 1000) });
  c.set("csrfToken", session.csrfToken);
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deleteWebSession(c.get("services").db, id);
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
  c.set("user", null);
  c.set("csrfToken", null);
}

export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = c.get("services").db;
  const authorization = c.req.header("authorization");
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer) {
    const account = await findUserByToken(db, bearer[1]!);
    if (!account) {
      c.header("WWW-Authenticate", 'Bearer error="invalid_token"');
      return c.json({ error: "unauthorized", message: "Invalid or revoked API token" }, 401);
    }
    c.set("user", currentUserOf(account));
    return next();
  }
  const id = getCookie(c, SESSION_COOKIE);
  if (id) {
    const session = await findWebSession(db, id);
    if (session) {
      c.set("user", currentUserOf(session.account));
      c.set("csrfToken", session.csrfToken);
    } else {
      // Expired or revoked: stop the browser from sending it again.
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    }
  }
  return next();
};

/** For pages that need a signed-in person: others are sent to the sign-in form, then back. */
export const requireSignIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("user")) return next();
  const url = new URL(c.req.url);
  const back = c.req.method === "GET" ? url.pathname + url.search : "/";
  return c.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
};

/** The signed-in person (after `requireSignIn`). */
export function signedInUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get("user");
  if (!user) throw new Error("requireSignIn must run before this handler");
  return user;
}
