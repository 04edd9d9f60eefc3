// "Citer cette note": an APA (7th edition) reference to a note, in French or
// English. Pure: the consultation date and the platform name are given.
//
// People on the platforms have one display name, not a given and a family
// name: the last word is taken as the family name (with the lower-case
// particles before it: "Marie de Koninck" → "de Koninck, M."), the other words
// become initials ("Marie-Soleil L'Allier" → "L'Allier, M.-S."). A one-word
// name (an organization, a handle) is kept whole, as APA does for group
// authors.
import { dateTimeFormat } from "./intl-formats.ts";

/** Dates on the platforms are those of Québec. */
export const TIME_ZONE = "America/Toronto";

export interface CitedAuthor {
  /** Display name, e.g. "Marie-Soleil L'Allier". */
  readonly name: string;
  /** When known, the family name (the rest of `name` gives the initials). */
  readonly familyName?: string | null;
}

export interface CitationInput {
  readonly authors: readonly CitedAuthor[];
  readonly year: number;
  readonly title: string;
  /** The platform (instance) name, e.g. "Praxis". */
  readonly platform: string;
  /** When the reader consulted the note. */
  readonly consulted: Date;
  readonly url: string;
  /** Language of the reference (fr…, otherwise English). */
  readonly language: string;
}

/** APA lists every author up to 20; beyond, the first 19, an ellipsis and the last. */
const MAX_LISTED = 20;

const PARTICLES = new Set(["de", "du", "des", "da", "di", "del", "della", "van", "von", "der", "den", "ten", "ter", "le", "la", "dos", "das"]);

function isFrench(language: string): boolean {
  return language.toLowerCase().startsWith("fr");
}

/** "14 novembre 2026" (with "1er"), or "November 14, 2026", in Québec's time zone. */
export function formatLongDate(date: Date, language: string): string {
  const french = isFrench(language);
  const parts = dateTimeFormat(french ? "fr-CA" : "en-CA", { year: "numeric", month: "long", day: "numeric", timeZone: TIME_ZONE }).formatToParts(date);
  return parts.map((p) => (french && p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}

/** The year of a date in Québec's time zone (a note published on Dec. 31 at 22:00 is of that year). */
export function yearOf(date: Date): number {
  return Number(dateTimeFormat("en-CA", { year: "numeric", timeZone: TIME_ZONE }).format(date));
}

function initialsOf(givenNames: readonly string[]): string {
  return givenNames
    .map((word) =>
      word
        .split("-")
        .map((part) => /\p{L}/u.exec(part)?.[0])
        .filter((letter): letter is string => letter != null)
        .map((letter) => `${letter.toLocaleUpperCase()}.`)
        .join("-"),
    )
    .filter(Boolean)
    .join(" ");
}

/** "Tremblay, A. B." from an author's names. */
export function apaName(author: CitedAuthor): string {
  const name = author.name.trim().replace(/\s+/g, " ");
  const family = author.familyName?.trim().replace(/\s+/g, " ");
  let familyName: string;
  let given: string[];
  if (family) {
    familyName = family;
    const rest = name.toLocaleLowerCase().endsWith(family.toLocaleLowerCase()) ? name.slice(0, name.length - family.length) : name;
    given = rest.split(" ").filter(Boolean);
  } else {
    const words = name.split(" ");
    if (words.length < 2) return name;
    let start = words.length - 1;
    while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
    familyName = words.slice(start).join(" ");
    given = words.slice(0, start);
  }
  const initials = initialsOf(given);
  return initials ? `${familyName}, ${initials}` : familyName;
}

/** "A", "A, & B", "A, B, & C", or for more than 20: the first 19, ". . ." and the last. */
export function apaAuthorList(authors: readonly CitedAuthor[]): string {
  const names = authors.map(apaName).filter(Boolean);
  if (names.length <= 1) return names[0] ?? "";
  if (names.length > MAX_LISTED) return `${names.slice(0, MAX_LISTED - 1).join(", ")}, . . . ${names[names.length - 1]}`;
  return `${names.slice(0, -1).join(", ")}, & ${names[names.length - 1]}`;
}

/** Ends an element with a period unless it already ends with one (or ? or !). */
function element(text: string): string {
  const trimmed = text.trim();
  return /[.?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * `Tremblay, A., & Gagnon, B. (2024). Titre de la note. Praxis. Consulté le
 * 21 novembre 2026, à https://…` — or, in English, `Retrieved November 21,
 * 2026, from https://…`. Without authors, the title takes their place.
 */
export function citeNote(input: CitationInput): string {
  const french = isFrench(input.language);
  const authors = apaAuthorList(input.authors);
  const consulted = formatLongDate(input.consulted, input.language);
  const retrieved = french ? `Consulté le ${consulted}, à ${input.url}` : `Retrieved ${consulted}, from ${input.url}`;
  const head = authors ? `${element(authors)} (${input.year}). ${element(input.title)}` : `${element(input.title)} (${input.year}).`;
  return `${head} ${element(input.platform)} ${retrieved}`;
}
