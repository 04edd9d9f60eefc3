// Sanitized note HTML as shown: every `<img src>` points to this instance
// (the media cache for other servers' images), so that a reader's browser
// never fetches anything from another origin (docs/PRIVACY.md, "Media cache").
import { raw } from "hono/html";
import type { Html, ViewContext } from "./layout.ts";

const IMG_SRC = /(<img\b[^>]*?\ssrc=")([^"]*)(")/gi;

function decodeAttribute(value: string): string {
  return value.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, entity: string) => ({ amp: "&", quot: '"', lt: "<", gt: ">", "#39": "'", "#x27": "'" })[entity]!);
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The HTML with its images served from here. It is our sanitizer's output
 * (src/domain/sanitize.ts), whose attributes are always double-quoted; an
 * image with nothing to serve loses its source and keeps its alt text.
 */
export function withCachedImages(v: ViewContext, sanitizedHtml: string): string {
  return sanitizedHtml.replace(IMG_SRC, (_, before: string, src: string, after: string) => {
    const local = v.media(decodeAttribute(src));
    return local ? `${before}${encodeAttribute(local)}${after}` : `${before}${after}`;
  });
}

/** `raw()` of sanitized note HTML, images through the cache. */
export function noteBody(v: ViewContext, sanitizedHtml: string): Html {
  return raw(withCachedImages(v, sanitizedHtml));
}
