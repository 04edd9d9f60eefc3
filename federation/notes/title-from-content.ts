// A microblog post has no title; a thread needs one. Mastodon's own "converted"
// titles and a reader's eye agree: the post's first line, without the mentions
// that addressed it (a post into a community starts with "@community"), cut to
// its first sentence when the line is long.
import { plainText, truncateWords } from "../../src/domain/sanitize.ts";

export const TITLE_FROM_CONTENT_MAX = 100;

// Line ends in microblog HTML: paragraphs, headings, list items, <br>.
const LINE_END = /<\/(?:p|h[1-6]|li|div|blockquote|pre)>|<br\s*\/?>/gi;
// A mention link (Mastodon's `u-url mention`, Misskey's, Lemmy's), not a hashtag (`mention hashtag`).
const MENTION_LINK = /<a\b[^>]*>[\s\S]*?<\/a>/gi;
const LEADING_MENTIONS = /^(?:@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.:-]+)?[\s,:]*)+/u;
const FIRST_SENTENCE = /^(.+?[.!?…])(?=\s|$)/u;

function withoutMentions(html: string): string {
  return html.replace(MENTION_LINK, (link) => {
    const classes = /\bclass\s*=\s*"([^"]*)"/i.exec(link)?.[1] ?? "";
    return /\bmention\b/.test(classes) && !/\bhashtag\b/.test(classes) ? "" : link;
  });
}

export function titleFromContent(html: string): string {
  const lines = withoutMentions(html)
    .split(LINE_END)
    .map((line) => plainText(line).replace(LEADING_MENTIONS, "").trim());
  const line = lines.find(Boolean) ?? "";
  if (Array.from(line).length <= TITLE_FROM_CONTENT_MAX) return line;
  const sentence = FIRST_SENTENCE.exec(line)?.[1];
  return sentence && Array.from(sentence).length <= TITLE_FROM_CONTENT_MAX ? sentence : truncateWords(line, TITLE_FROM_CONTENT_MAX);
}
