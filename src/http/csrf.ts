// Cross-site request forgery protection for the pages' forms. Two layers:
// a request whose Origin (or Sec-Fetch-Site) says it comes from another site
// is refused outright, and a signed-in browser must also echo its session's
// token in the hidden `_csrf` field (SameSite=Lax alone does not cover
// same-site subdomains or older browsers).
import type { Context, MiddlewareHandler } from "hono";
import { sameSecret } from "../domain/passwords.ts";
import type { AppEnv } from "./env.ts";
import { renderMessagePage } from "./views/message.ts";

export const CSRF_FIELD = "_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function fromOtherSite(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  // "null" is what browsers send under a no-referrer policy: it proves
  // nothing either way, so the session token decides.
  if (origin != null && origin !== "null" && origin !== c.get("services").config.publicUrl.origin) return true;
  return c.req.header("sec-fetch-site") === "cross-site";
}

/** True when the request may proceed; reads (and caches) the form body. */
export async function checkCsrf(c: Context<AppEnv>): Promise<boolean> {
  if (SAFE_METHODS.has(c.req.method)) return true;
  if (fromOtherSite(c)) return false;
  const expected = c.get("csrfToken");
  // Without a session there is no identity to abuse (sign-in and setup forms
  // rely on the origin check above).
  if (expected == null) return true;
  const contentType = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) return false;
  const body = await c.req.parseBody();
  const given = body[CSRF_FIELD];
  return typeof given === "string" && sameSecret(given, expected);
}

/** Route middleware for every unsafe form POST of the pages: 403 on a mismatch. */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await checkCsrf(c))) {
    return c.html(renderMessagePage(c, { title: "error.csrfTitle", body: "error.csrfBody" }), 403);
  }
  await next();
};
