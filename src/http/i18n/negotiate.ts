// Which language a page is rendered in: the visitor's explicit choice (the
// FR/EN switch sets a cookie), then the browser's Accept-Language, then the
// instance's first language. The interface is offered in every supported
// language even when the instance's content is in fewer.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SUPPORTED_LANGUAGES, type Language } from "../../config/config.ts";
import type { AppEnv } from "../env.ts";

export const LANG_COOKIE = "lang";

export function isLanguage(value: string | undefined | null): value is Language {
  return value != null && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** The best supported language in an Accept-Language header, or null. */
export function fromAcceptLanguage(header: string | undefined | null): Language | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) if (isLanguage(range.primary)) return range.primary;
  return null;
}

export function negotiateLanguage(cookie: string | undefined, acceptLanguage: string | undefined, fallback: Language): Language {
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? fallback;
}

export const languageMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const fallback = c.get("services").config.instance.languages[0] ?? "fr";
  c.set("lang", negotiateLanguage(getCookie(c, LANG_COOKIE), c.req.header("accept-language"), fallback));
  await next();
  // Pages differ by language: shared caches must key on what chose it.
  if (c.res.headers.get("content-type")?.startsWith("text/html")) c.res.headers.append("Vary", "Accept-Language, Cookie");
};

/** For answers made before the language middleware ran (a body too large, a busy database in the federation layer). */
export function ensureLanguage(c: Context<AppEnv>): void {
  if (c.get("lang")) return;
  const fallback = c.get("services").config.instance.languages[0] ?? "fr";
  c.set("lang", negotiateLanguage(getCookie(c, LANG_COOKIE), c.req.header("accept-language"), fallback));
}
