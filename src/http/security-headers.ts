// Security headers on every response. Pages work without any script, so the
// Content-Security-Policy forbids every script and plugin by default: an
// injection that slipped past the sanitizer would still execute nothing. A
// page enhanced by one of our own static scripts (/assets/*.js) opts in to
// same-origin scripts only; inline scripts stay forbidden everywhere.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * Everything is this origin's or nothing, images included: other servers'
 * avatars and images are served by the media cache (/media/cache/), so a
 * reader's browser never tells another server what it reads
 * (docs/PRIVACY.md, "Media cache").
 */
const POLICY = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "frame-src 'none'",
];

/**
 * The hook for embeddable views: no view may be framed today, so every
 * response says `frame-ancestors 'none'`. A view meant to be embedded (a
 * note's embed, say) calls this with the sources allowed to frame it.
 */
export function allowFraming(c: Context<AppEnv>, sources: string): void {
  c.set("frameAncestors", sources);
}

/** Lets this response run the instance's own static scripts (never inline ones, never another origin's). */
export function allowEnhancementScripts(c: Context<AppEnv>): void {
  c.set("enhancementScripts", true);
}

const TWO_YEARS = 2 * 365 * 24 * 60 * 60;

export function securityHeaders(publicUrl: URL): MiddlewareHandler<AppEnv> {
  const https = publicUrl.protocol === "https:";
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    // A route may be stricter (uploaded media are sandboxed, setup links keep their referrer to this site).
    if (!headers.has("Content-Security-Policy")) {
      const scripts = c.get("enhancementScripts") ? "script-src 'self'" : "script-src 'none'";
      headers.set("Content-Security-Policy", [...POLICY, scripts, `frame-ancestors ${c.get("frameAncestors") ?? "'none'"}`].join("; "));
    }
    if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
    headers.set("X-Content-Type-Options", "nosniff");
    // A browser ignores it over plain http, and a test instance on http must stay reachable.
    if (https) headers.set("Strict-Transport-Security", `max-age=${TWO_YEARS}; includeSubDomains`);
  };
}
