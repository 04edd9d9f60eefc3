// One allow-list for every piece of HTML we show: our own rendered Markdown and
// content from remote servers (Mastodon, Lemmy, WordPress…). Anything not named
// here is dropped; its text survives unless it is a container whose text is
// not prose (script, style, svg…).
import { createRequire } from "node:module";
import type sanitize from "sanitize-html";

// sanitize-html (with htmlparser2 and postcss, ~7 MB once loaded) is read on
// the first HTML to clean, not at start: escapeHtml and the allow-list below
// are needed everywhere, the parser only by some requests and roles.
let sanitizeModule: typeof sanitize | undefined;

function sanitizer(): typeof sanitize {
  sanitizeModule ??= createRequire(import.meta.url)("sanitize-html") as typeof sanitize;
  return sanitizeModule;
}

/** Mastodon's microformat classes; they drive how mentions and long links look. */
const MASTODON_CLASSES = ["mention", "hashtag", "u-url", "h-card", "invisible", "ellipsis"];

const LINK_SCHEMES = ["http", "https", "mailto"];
const LINK_REL = "nofollow noopener noreferrer";

const ALLOWED_TAGS = [
  "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
  "em", "i", "strong", "b", "u", "s", "del", "ins", "mark", "small", "sup", "sub", "abbr", "q", "cite", "kbd", "samp", "var",
  "ul", "ol", "li", "dl", "dt", "dd",
  "blockquote", "pre", "code",
  "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
  "a", "img", "figure", "figcaption",
  "details", "summary", "span",
];

/** Dropped with everything inside: their text is code, styling or fallback, not prose. */
const NON_TEXT_TAGS = [
  "script", "style", "textarea", "option", "select", "noscript", "noembed", "noframes", "template", "title", "head",
  "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "xmp", "plaintext",
];

/** Heading ids are anchors for links to sections: slugs only, nothing that could look like markup or a URL. */
const ANCHOR_ID = /^[\p{Ll}\p{Lo}\p{Lm}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Lm}\p{Nd}]+)*$/u;
const SMALL_NUMBER = /^\d{1,5}$/;

/** C0 controls and spaces: browsers drop or ignore them when they parse a URL's scheme. */
// eslint-disable-next-line no-control-regex
const URL_NOISE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// eslint-disable-next-line no-control-regex
const IMAGE_SRC = /^https?:\/\/[^\s\u0000-\u001f\\/][^\s\u0000-\u001f\\]*$/i;

/**
 * The href to keep, or null. The parser has already decoded entities
 * (`&#x6A;avascript:`), so the remaining tricks are whitespace and control
 * characters inside the scheme, which browsers ignore and we remove before
 * looking at it.
 */
function safeHref(raw: string | undefined): { href: string; external: boolean } | null {
  if (raw === undefined) return null;
  const href = raw.trim();
  const compact = href.replace(URL_NOISE, "").replace(/\\/g, "/");
  if (compact === "") return null;
  const scheme = SCHEME.exec(compact);
  if (scheme) {
    if (!LINK_SCHEMES.includes(scheme[1]!.toLowerCase())) return null;
    return { href, external: true };
  }
  // No scheme: relative, `#anchor`, or protocol-relative (`//host`, which is external).
  // A colon before the first / ? # would make some browsers see a scheme; refuse it.
  const beforePath = compact.split(/[/?#]/, 1)[0]!;
  if (beforePath.includes(":")) return null;
  return { href, external: compact.startsWith("//") };
}

/** Whether a link target passes the allow-list (http, https, mailto, relative, `#anchor`). */
export function isSafeLink(url: string): boolean {
  return safeHref(url) !== null;
}

function safeImageSrc(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const src = raw.trim();
  // Only absolute http(s): a relative src would make readers' browsers request
  // our own paths, and data: images are a classic smuggling route.
  return IMAGE_SRC.test(src) ? src : null;
}

function keepNumber(attribs: sanitize.Attributes, out: sanitize.Attributes, name: string): void {
  const value = attribs[name];
  if (value !== undefined && SMALL_NUMBER.test(value.trim())) out[name] = value.trim();
}

function heading(level: number): sanitize.Transformer {
  return (_tagName, attribs) => {
    const out: sanitize.Attributes = {};
    if (attribs.id && ANCHOR_ID.test(attribs.id)) out.id = attribs.id;
    if (attribs.lang) out.lang = attribs.lang;
    return { tagName: `h${level}`, attribs: out };
  };
}

function tableCell(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out: sanitize.Attributes = {};
  keepNumber(attribs, out, "colspan");
  keepNumber(attribs, out, "rowspan");
  if (attribs.scope && /^(row|col|rowgroup|colgroup)$/.test(attribs.scope)) out.scope = attribs.scope;
  // markdown-it aligns columns with style="text-align:…"; styles are banned, so keep the intent as align.
  const align = /^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$/i.exec(attribs.style ?? "")?.[1] ?? attribs.align;
  if (align && /^(left|right|center)$/i.test(align)) out.align = align.toLowerCase();
  return { tagName, attribs: out };
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    "*": ["lang"],
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    abbr: ["title"],
    h2: ["id"], h3: ["id"], h4: ["id"], h5: ["id"], h6: ["id"],
    ol: ["start", "reversed"],
    li: ["value"],
    th: ["colspan", "rowspan", "scope", "align"],
    td: ["colspan", "rowspan", "align"],
    details: ["open"],
    del: ["datetime"],
    ins: ["datetime"],
  },
  allowedClasses: {
    a: MASTODON_CLASSES,
    span: MASTODON_CLASSES,
    code: ["language-*"],
  },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: ["http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: true,
  allowedStyles: {},
  disallowedTagsMode: "discard",
  nonTextTags: NON_TEXT_TAGS,
  parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  transformTags: {
    // The page's title is the one h1; a body h1 becomes the first section level.
    h1: heading(2), h2: heading(2), h3: heading(3), h4: heading(4), h5: heading(5), h6: heading(6),
    a: (_tagName, attribs) => {
      const out: sanitize.Attributes = {};
      const link = safeHref(attribs.href);
      if (link) {
        out.href = link.href;
        if (link.external) out.rel = LINK_REL;
      }
      if (attribs.title) out.title = attribs.title;
      if (attribs.class) out.class = attribs.class;
      if (attribs.lang) out.lang = attribs.lang;
      return { tagName: "a", attribs: out };
    },
    img: (_tagName, attribs) => {
      const out: sanitize.Attributes = {};
      const src = safeImageSrc(attribs.src);
      // Without a usable source, the description is all that is left to show.
      if (!src) return { tagName: "span", attribs: {}, text: attribs.alt ?? "" };
      out.src = src;
      if (attribs.alt !== undefined) out.alt = attribs.alt;
      if (attribs.title) out.title = attribs.title;
      keepNumber(attribs, out, "width");
      keepNumber(attribs, out, "height");
      return { tagName: "img", attribs: out };
    },
    ol: (tagName, attribs) => {
      const out: sanitize.Attributes = {};
      if (attribs.start && /^-?\d{1,9}$/.test(attribs.start.trim())) out.start = attribs.start.trim();
      if (attribs.reversed !== undefined) out.reversed = "";
      return { tagName, attribs: out };
    },
    li: (tagName, attribs) => {
      const out: sanitize.Attributes = {};
      if (attribs.value && /^-?\d{1,9}$/.test(attribs.value.trim())) out.value = attribs.value.trim();
      return { tagName, attribs: out };
    },
    th: tableCell,
    td: tableCell,
  },
};

/** HTML safe to embed in our pages, from our Markdown or from any remote server. */
export function sanitizeHtml(html: string): string {
  return sanitizer()(html, OPTIONS);
}

/** Block-level tags whose boundaries separate words in plain text. */
const BLOCK_BOUNDARY = /<\/?(?:p|div|br|hr|li|dt|dd|h[1-6]|tr|td|th|caption|blockquote|pre|figure|figcaption|details|summary|table|ul|ol|dl|section|article|header|footer|aside|nav|address)\b/gi;

const PLAIN_OPTIONS: sanitize.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: "discard",
  nonTextTags: NON_TEXT_TAGS,
  parser: { decodeEntities: true },
};

/**
 * Plain text for summaries, OpenGraph and notifications: tags removed, entities
 * decoded, whitespace collapsed to single spaces. With `maxLength`, cut on a
 * word boundary and end with "…" (the result is at most `maxLength` long).
 */
export function plainText(html: string, maxLength?: number): string {
  const spaced = html.replace(BLOCK_BOUNDARY, " $&");
  // sanitize-html decodes every entity, then re-escapes only these four.
  const text = sanitizer()(spaced, PLAIN_OPTIONS)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    // ASCII whitespace only: French no-break spaces (before « : ; ! ? ») stay.
    .replace(/[ \t\n\r\f]+/g, " ")
    .trim();
  return maxLength === undefined ? text : truncateWords(text, maxLength);
}


/** Cuts `text` to at most `max` characters on a word boundary, ending with "…". */
export function truncateWords(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return max === 1 ? "…" : "";
  const head = chars.slice(0, max - 1).join("");
  // Cut at the last space if the cut fell inside a word (and a space is not absurdly early).
  const nextIsSpace = /\s/.test(chars[max - 1]!);
  const lastSpace = head.lastIndexOf(" ");
  const cut = nextIsSpace || lastSpace < head.length / 2 ? head : head.slice(0, lastSpace);
  return cut.replace(/[\s,;:.!?'’«(\-–—]+$/u, "") + "…";
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
