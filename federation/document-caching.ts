// HTTP caching of our ActivityPub documents. A public document (addressed to
// as:Public, or an actor) gets validators and `Cache-Control: public` with a
// short max-age, and a 304 when the fetcher's copy is current; a note's and an
// actor's document are also kept a few seconds in the stampede cache that a
// boost's hundreds of fetches hit (src/http/cache/public-responses.ts).
// Anything else (followers-only notes, collections whose pages depend on the
// signer) is `private, no-store`.
import { addVary } from "../src/http/cache/validators.ts";
import { PRIVATE_CACHE_CONTROL, publicResponsesOf } from "../src/http/cache/public-responses.ts";
import type { Services } from "../src/services.ts";

const AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const PUBLIC_ALIASES = new Set([AS_PUBLIC, "as:Public", "Public"]);
const ACTOR_TYPES = new Set(["Person", "Group", "Organization", "Service", "Application"]);
/** Notes, actors and WebFinger (Mastodon checks an author's acct when it first meets them): what a boost makes every follower's server fetch. */
const STAMPEDE_TARGET = /^\/((notes|actors)\/[^/]+|\.well-known\/webfinger)$/;
export const WEBFINGER_PATH = "/.well-known/webfinger";

function keyOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname === WEBFINGER_PATH ? `wf ${url.search}` : `ap ${url.pathname}`;
}

function addressees(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value == null ? [] : [value];
}

/** Public: an actor, or an object addressed to everyone. */
export function isPublicDocument(document: Record<string, unknown>): boolean {
  const types = addressees(document.type);
  if (types.some((t) => typeof t === "string" && ACTOR_TYPES.has(t))) return true;
  return [...addressees(document.to), ...addressees(document.cc)].some((a) => typeof a === "string" && PUBLIC_ALIASES.has(a));
}

/**
 * A stored note or actor document for this GET (or a 304), before any
 * database work; a miss while the same document is being rendered waits for
 * that render. Undefined: render it, and call `rendered` once done.
 */
export async function storedDocument(services: Services, request: Request): Promise<Response | { rendered: () => void }> {
  if (request.method !== "GET" || !STAMPEDE_TARGET.test(new URL(request.url).pathname)) return { rendered: () => {} };
  const cache = publicResponsesOf(services);
  const key = keyOf(request);
  return cache.answer(key, request) ?? (await cache.answerAfterRender(key, request)) ?? { rendered: cache.render(key) };
}

/** A WebFinger answer (public by nature: it names a public actor) with its caching headers, kept like a document. */
export async function withWebFingerCaching(services: Services, request: Request, response: Response, generation: number): Promise<Response> {
  if (request.method !== "GET" || !response.ok) return response;
  const cache = publicResponsesOf(services);
  return cache.publish(keyOf(request), request, response, generation === cache.generation);
}

/**
 * The served document with its caching headers. `generation` is the cache's
 * generation when the request began: a document rendered across a local
 * write is answered but not stored.
 */
export async function withDocumentCaching(
  services: Services,
  request: Request,
  document: Record<string, unknown>,
  init: { status: number; headers: Headers },
  generation: number,
): Promise<Response> {
  addVary(init.headers, "Accept");
  const response = new Response(JSON.stringify(document), init);
  if (request.method !== "GET" && request.method !== "HEAD") return response;
  if (!isPublicDocument(document)) {
    response.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
    return response;
  }
  const cache = publicResponsesOf(services);
  const keep = request.method === "GET" && STAMPEDE_TARGET.test(new URL(request.url).pathname) && generation === cache.generation;
  return cache.publish(keyOf(request), request, response, keep);
}
