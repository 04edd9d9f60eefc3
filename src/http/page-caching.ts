// HTTP caching of the pages. Anonymous readers of a public page get
// validators (ETag, Last-Modified), `Cache-Control: public` with a short
// max-age, and a 304 when their copy is current; the note page, which a boost
// sends hundreds of link-preview fetchers to at once, and the first pages of
// the busiest lists are also answered from the in-process stampede cache. Signed-in pages are `private, no-store`.
// Local writes empty the stampede cache (cache/public-responses.ts).
import type { Context, MiddlewareHandler } from "hono";
import { isCountableView } from "../domain/reads.ts";
import type { AppEnv } from "./env.ts";
import { PRIVATE_CACHE_CONTROL, publicResponsesOf } from "./cache/public-responses.ts";
import { SESSION_COOKIE } from "./sessions.ts";

/**
 * Pages whose anonymous 200 answer is public: what anyone may read. Forms,
 * sign-in, setup links (capabilities in the URL), search (it may fetch from
 * elsewhere) and the API are not listed, so they are never marked public.
 * A route that sets its own Cache-Control (a restricted note says `private`)
 * keeps it.
 */
const PUBLIC_PAGES = [
  /^\/$/,
  /^\/about$/,
  /^\/@[^/]+(\/(notes|followers|following|communities|notebooks))?$/,
  /^\/notes$/,
  /^\/notes\/(?!new$)[^/]+(\/history(\/[0-9]+)?)?$/,
  /^\/tags\/[^/]+$/,
  /^\/communities$/,
  /^\/c\/[^/]+(\/t\/[^/]+)?$/,
  /^\/notebooks(\/[^/]+)?$/,
  /^\/terms(\/[^/]+)?$/,
  /^\/organizations(\/[^/]+)?$/,
  /^\/network$/,
];

/** The note page: a stampede target, kept in process a few seconds. */
const NOTE_PAGE = /^\/notes\/(?!new$)([^/]+)$/;
/**
 * The busiest lists (the home page, the notes index, a community's page) and a person's profile (a boosted
 * note sends link previews to its author too): kept as briefly, so that a flood of them costs one render per
 * few seconds. The profile is rendered from about ten queries, each a round trip on PostgreSQL: uncached it
 * answered 105 req/s there at 50 connections (docs/PERFORMANCE.md).
 */
const BUSY_LISTS = [/^\/$/, /^\/notes$/, /^\/c\/[^/]+$/, /^\/@[^/]+$/];

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Inbox deliveries change counts on pages (likes, replies) but come by the thousand: they wait for the TTL. */
const INBOX = /^\/(inbox|actors\/[^/]+\/inbox)$/;

/** Replaces the response whole (Hono's setter would copy the old response's headers onto a 304). */
export function replaceResponse(c: Context<AppEnv>, response: Response): void {
  c.res = undefined as unknown as Response;
  c.res = response;
}

/** First middleware: a successful local write empties the stampede cache. */
export const clearCacheOnWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method) || INBOX.test(c.req.path)) return next();
  await next();
  if (c.res.status < 400) publicResponsesOf(c.get("services")).clear();
};

function anonymous(c: Context<AppEnv>): boolean {
  return c.get("user") == null && !c.req.header("authorization") && !(c.req.header("cookie") ?? "").includes(`${SESSION_COOKIE}=`);
}

/** After the session middleware: caching headers by who asks, and the note pages' stampede cache. */
export const pageCaching: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  if (!anonymous(c)) {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
    return;
  }
  const path = c.req.path;
  if (!PUBLIC_PAGES.some((page) => page.test(path))) return next();
  const cache = publicResponsesOf(c.get("services"));
  const key = `page ${c.get("lang")} ${path}${new URL(c.req.url).search}`;
  const notePage = NOTE_PAGE.exec(path);
  const kept = c.req.method === "GET" && (notePage != null || BUSY_LISTS.some((list) => list.test(path)));
  // A browser reading a note is counted, and its page shows the count with this reading: it is rendered
  // (and stored for the others). What a boost sends by the hundred (link previews, servers, robots) is not
  // a reading and is answered from memory.
  const reading = notePage != null && isReading(c);
  if (kept && !reading) {
    const hit = cache.answer(key, c.req.raw) ?? (await cache.answerAfterRender(key, c.req.raw));
    if (hit) return hit;
  }
  const generation = cache.generation;
  const rendered = kept ? cache.render(key) : () => {};
  try {
    await next();
    const res = c.res;
    if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/html")) return;
    if (res.headers.has("cache-control") || res.headers.has("set-cookie")) return;
    replaceResponse(c, await cache.publish(key, c.req.raw, res, kept && generation === cache.generation));
  } finally {
    rendered();
  }
};

/** The same test as the note page's (src/http/routes/note-pages.ts) before it counts a reading. */
function isReading(c: Context<AppEnv>): boolean {
  return isCountableView({ userAgent: c.req.header("user-agent"), purpose: c.req.header("sec-purpose") ?? c.req.header("purpose") });
}
