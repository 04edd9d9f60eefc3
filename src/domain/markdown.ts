// Praxis notes are written in Markdown. Raw HTML is not Markdown here: it is
// shown as text, and the rendered HTML still goes through the shared allow-list
// so that one set of rules decides what reaches a page.
import { createRequire } from "node:module";
import type markdownIt from "markdown-it";
import type { MarkdownIt, StateCore, Token } from "markdown-it";
import { isSafeLink, sanitizeHtml, truncateWords } from "./sanitize.ts";

export interface RenderOptions {
  /**
   * Resolve relative links and images against this URL (the note's permalink),
   * so the HTML stays correct once federated, where relative URLs mean nothing.
   * `#section` links are kept as they are.
   */
  readonly baseUrl?: string | URL;
}

/**
 * Bare domains ("www.quebec.ca") are linked only for these endings: with every
 * two-letter country code, "notes.md" or "script.py" would become links.
 */
const FUZZY_TLDS = ["ca", "quebec", "com", "org", "net", "info", "coop", "edu", "gov", "fr", "be", "ch", "eu", "io", "social"];

let parser: MarkdownIt | undefined;

function markdownParser(): MarkdownIt {
  if (parser) return parser;
  // Loaded with the parser, on the first note written or previewed, not at start.
  const MarkdownItClass = createRequire(import.meta.url)("markdown-it") as typeof markdownIt;
  const md = new MarkdownItClass("default", { html: false, linkify: true, typographer: false, breaks: false });
  md.linkify.set({ fuzzyLink: true }).tlds(FUZZY_TLDS, false);
  // Links that fail are left as the Markdown text the author typed.
  md.validateLink = isSafeLink;
  md.core.ruler.push("heading_ids", addHeadingIds);
  md.core.ruler.push("absolute_urls", resolveRelativeUrls);
  parser = md;
  return md;
}

/** Markdown to HTML that is safe to show anywhere (pages, Article `content`). */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const env: RenderEnv = { ids: new Set(), baseUrl: options.baseUrl === undefined ? undefined : new URL(options.baseUrl) };
  return sanitizeHtml(markdownParser().render(source, env));
}

/**
 * A short plain-text summary of a Markdown body, for notes saved without one:
 * the prose (headings and code left out), cut on a word boundary with "…".
 */
export function summarize(source: string, max = 500): string {
  const tokens = markdownParser().parse(source, { ids: new Set() } satisfies RenderEnv);
  const prose = textOfBlocks(tokens, false);
  // A note made only of headings or code still deserves a summary.
  const text = prose === "" ? textOfBlocks(tokens, true) : prose;
  return truncateWords(text, max);
}

/**
 * Anchor for a heading: lower case, Latin accents folded (é → e, œ → oe),
 * other scripts kept, everything else turned into single hyphens.
 */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/([A-Za-z])\p{Mn}+/gu, "$1")
    .normalize("NFC")
    .replace(/[œŒ]/g, (c) => (c === "œ" ? "oe" : "OE"))
    .replace(/[æÆ]/g, (c) => (c === "æ" ? "ae" : "AE"))
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^\p{Ll}\p{Lo}\p{Lm}\p{Nd}]+/gu, "-")
    .slice(0, 80)
    .replace(/^-+|-+$/g, "");
}

// A type alias, not an interface: markdown-it's env is an index-signature record.
type RenderEnv = {
  ids: Set<string>;
  baseUrl?: URL | undefined;
};

function envOf(state: StateCore): RenderEnv {
  return state.env as unknown as RenderEnv;
}

function inlineText(token: Token | undefined): string {
  let text = "";
  for (const child of token?.children ?? []) {
    if (child.type === "text" || child.type === "text_special" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
  }
  return text;
}

function addHeadingIds(state: StateCore): void {
  const env = envOf(state);
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== "heading_open") continue;
    const base = slugify(inlineText(tokens[i + 1])) || "section";
    let id = base;
    for (let n = 2; env.ids.has(id); n++) id = `${base}-${n}`;
    env.ids.add(id);
    token.attrSet("id", id);
  }
}

function resolveRelativeUrls(state: StateCore): void {
  const base = envOf(state).baseUrl;
  if (!base) return;
  const resolve = (token: Token, attr: string): void => {
    const raw = token.attrGet(attr);
    if (raw === null) return;
    const value = String(raw);
    if (value.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(value)) return;
    try {
      token.attrSet(attr, new URL(value, base).href);
    } catch {
      // Unresolvable: leave it to the sanitizer.
    }
  };
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      if (token.type === "link_open") resolve(token, "href");
      else if (token.type === "image") resolve(token, "src");
    }
  }
}

function textOfBlocks(tokens: Token[], withHeadingsAndCode: boolean): string {
  const parts: string[] = [];
  let inHeading = false;
  for (const token of tokens) {
    if (token.type === "heading_open") inHeading = true;
    else if (token.type === "heading_close") inHeading = false;
    else if (token.type === "inline" && (!inHeading || withHeadingsAndCode)) parts.push(inlineText(token));
    else if ((token.type === "fence" || token.type === "code_block") && withHeadingsAndCode) parts.push(token.content);
  }
  return parts.join(" ").replace(/[ \t\n\r\f]+/g, " ").trim();
}
