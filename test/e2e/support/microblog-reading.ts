// How the software a stand-in plays shows a received post (text only, tags
// stripped), from what was measured against the real servers (see
// /work/shared/DESIGN.md, "What real servers do with us"):
// - Mastodon "converts" an Article (or Page): its `name` as a heading, its
//   `summary`, then its `url`; it never shows an Article's `content`, and never
//   its summary as a content warning. A Note shows `content`, `summary` as a CW.
// - Hollo and the Misskey family read every type like a Note: `content` shown,
//   `name` not, `summary` a content warning.
// - Lemmy shows `name` as the title, then the body from `source` (Markdown)
//   when given, else `content`.
export type Software = "mastodon" | "hollo" | "lemmy";

export interface Shown {
  /** Everything a reader sees without clicking, in order, as plain text. */
  readonly text: string;
  /** A content warning that hides the text until clicked, if any. */
  readonly contentWarning: string | null;
}

type Json = Record<string, unknown>;

export function plain(html: unknown): string {
  if (typeof html !== "string") return "";
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function urlOf(object: Json): string {
  const url = object.url;
  if (typeof url === "string") return url;
  if (url && typeof url === "object" && typeof (url as Json).href === "string") return (url as Json).href as string;
  return String(object.id);
}

export function show(software: Software, object: Json): Shown {
  const converted = object.type === "Article" || object.type === "Page";
  if (software === "mastodon" && converted) {
    return { text: [plain(object.name), plain(object.summary), urlOf(object)].filter(Boolean).join(" "), contentWarning: null };
  }
  if (software === "lemmy") {
    const source = object.source as Json | undefined;
    const body = source?.mediaType === "text/markdown" ? String(source.content) : plain(object.content);
    return { text: [plain(object.name), body].filter(Boolean).join(" "), contentWarning: null };
  }
  const summary = plain(object.summary);
  return { text: plain(object.content), contentWarning: summary || null };
}

/** How many times `needle` occurs in what a reader sees (content warning included). */
export function occurrences(shown: Shown, needle: string): number {
  return `${shown.contentWarning ?? ""} ${shown.text}`.split(needle).length - 1;
}
