// What someone typed in the search box, read as words and "quoted phrases".
// Nothing typed is ever handed to the database's own query syntax: every
// word is reduced to letters and digits and quoted again by us, so FTS
// operators (AND, NEAR, *, ^, column:) and unbalanced quotes are just text.
import { foldWord, isStopWord, stem, wordsOf } from "./french-text.ts";

/** Longer than this is not a search but a paste: refused with a message. */
export const MAX_QUERY_LENGTH = 200;
/** More words than this are ignored (each one costs an index lookup). */
export const MAX_QUERY_WORDS = 12;

export interface SearchQuery {
  /** Each group is one word (length 1) or a phrase (its words in order), folded (lower case, no accents); every group must match. */
  readonly groups: readonly (readonly string[])[];
  /** Every stem asked for, to highlight them in excerpts. */
  readonly stems: ReadonlySet<string>;
}

export type ParsedQuery = { readonly ok: true; readonly query: SearchQuery } | { readonly ok: false; readonly problem: "too-long" | "empty" };

export function parseSearchQuery(input: string): ParsedQuery {
  const text = input.trim();
  if (text.length > MAX_QUERY_LENGTH) return { ok: false, problem: "too-long" };
  // Quotes pair up from the left; an odd last quote is ignored.
  const parts = text.replace(/[«»“”]/g, '"').split('"');
  const balanced = parts.length % 2 === 1;
  const read = parts.map((part, index) => ({ inQuotes: index % 2 === 1 && (balanced || index < parts.length - 1), words: wordsOf(part).map(foldWord) }));
  // A search made only of stop words ("les", "the") still means something.
  const keepStopWords = read.every((part) => part.words.every(isStopWord));
  const groups: string[][] = [];
  for (const { inQuotes, words: all } of read) {
    const words = keepStopWords ? all : all.filter((w) => !isStopWord(w));
    if (inQuotes && words.length > 1) groups.push(words);
    else for (const w of words) groups.push([w]);
  }
  let count = 0;
  const limited: string[][] = [];
  for (const group of groups) {
    if (count + group.length > MAX_QUERY_WORDS) break;
    count += group.length;
    limited.push(group);
  }
  if (limited.length === 0) return { ok: false, problem: "empty" };
  return { ok: true, query: { groups: limited, stems: new Set(limited.flat().map(stem)) } };
}

/**
 * The query in SQLite FTS5 syntax over the stemmed index: quoted stems and
 * phrases, all required, in the title or the text; with a kind, only
 * documents of that kind (its posting list is intersected: cheap for the
 * rare kinds, wasted on notes, which are nearly every document).
 */
export function toFts5Match(query: SearchQuery, kind: string | null = null): string {
  const words = `{title body} : (${query.groups.map((group) => `"${group.map(stem).join(" ")}"`).join(" AND ")})`;
  return kind ? `kind : "${kind.replace(/[^a-z]/g, "")}" AND ${words}` : words;
}

/** The query's words for PostgreSQL's `to_tsquery('french', …)`, which stems them itself: phrases with `<->`, all required. */
export function toTsQuery(query: SearchQuery): string {
  return query.groups.map((group) => (group.length > 1 ? `(${group.join(" <-> ")})` : group[0])).join(" & ");
}
