// HTTP validators (RFC 9110 §8.8 and §13): a weak ETag computed from the body
// bytes, so two processes serving the same document agree on it, and the
// check of a request's If-None-Match / If-Modified-Since against them.
import { createHash } from "node:crypto";

/** Weak: the bytes are those of one representation, but compression by a proxy must not break revalidation. */
export function weakEtagOf(body: Uint8Array): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

function opaque(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith("W/") ? trimmed.slice(2) : trimmed;
}

/**
 * True when the client's copy is the current one and a 304 is the answer.
 * If-None-Match wins over If-Modified-Since when both are sent (§13.2.2),
 * and compares weakly (a GET may use a weak validator).
 */
export function clientHasCurrent(request: Headers, etag: string, lastModified: string): boolean {
  const ifNoneMatch = request.get("if-none-match");
  if (ifNoneMatch != null) {
    if (ifNoneMatch.trim() === "*") return true;
    const current = opaque(etag);
    return ifNoneMatch.split(",").some((tag) => opaque(tag) === current);
  }
  const ifModifiedSince = request.get("if-modified-since");
  if (ifModifiedSince == null) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

/** The headers a 304 carries (§15.4.5): the validators and what a cache needs to keep its copy fresh. */
const KEPT_ON_304 = ["cache-control", "content-location", "etag", "expires", "last-modified", "vary"];

export function notModified(headers: Headers): Response {
  const kept = new Headers();
  for (const name of KEPT_ON_304) {
    const value = headers.get(name);
    if (value != null) kept.set(name, value);
  }
  return new Response(null, { status: 304, headers: kept });
}

/** Adds `names` to the response's Vary without repeating what it already lists. */
export function addVary(headers: Headers, ...names: string[]): void {
  const present = (headers.get("vary") ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const lower = new Set(present.map((v) => v.toLowerCase()));
  for (const name of names) if (!lower.has(name.toLowerCase())) present.push(name), lower.add(name.toLowerCase());
  headers.set("Vary", present.join(", "));
}
