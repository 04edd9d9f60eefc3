// Excerpts with the words searched for marked: the text is escaped first,
// then only whole words whose stem was asked for are wrapped in <mark>, so
// the result is safe HTML whatever the text holds.
import { escapeHtml } from "../sanitize.ts";
import { foldWord, stem } from "./french-text.ts";

const WORD = /[\p{L}\p{N}]+/gu;

function isAsked(word: string, stems: ReadonlySet<string>): boolean {
  return stems.has(stem(foldWord(word)));
}

/** `text` as HTML with the asked words marked. */
export function highlight(text: string, stems: ReadonlySet<string>): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (!isAsked(m[0], stems)) continue;
    out += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * About `max` characters of `text` around the first asked word (its start
 * when none is there), as HTML with the asked words marked and "…" where cut.
 */
export function excerptAround(text: string, stems: ReadonlySet<string>, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return highlight(flat, stems);
  let first = 0;
  for (const m of flat.matchAll(WORD)) {
    if (isAsked(m[0], stems)) {
      first = m.index;
      break;
    }
  }
  let start = Math.max(0, Math.min(first - Math.floor(max / 4), flat.length - max));
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + max);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > start + max / 2) end = space;
  }
  return `${start > 0 ? "…" : ""}${highlight(flat.slice(start, end), stems)}${end < flat.length ? "…" : ""}`;
}
