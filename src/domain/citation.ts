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
  /** A given version rather than the note as it is now (then `url` is that version's address). */
  readonly version?: CitedVersion | null;
}

/** One saved version of a note: its number in the history and when it was saved. */
export interface CitedVersion {
  readonly number: number;
  readonly date: Date;
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

/** An author's family name and given names; a one-word name (an organization, a handle) has no given names. */
export function nameParts(author: CitedAuthor): { family: string; given: string[] } {
  const name = author.name.trim().replace(/\s+/g, " ");
  const family = author.familyName?.trim().replace(/\s+/g, " ");
  if (family) {
    const rest = name.toLocaleLowerCase().endsWith(family.toLocaleLowerCase()) ? name.slice(0, name.length - family.length) : name;
    return { family, given: rest.split(" ").filter(Boolean) };
  }
  const words = name.split(" ");
  if (words.length < 2) return { family: name, given: [] };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  return { family: words.slice(start).join(" "), given: words.slice(0, start) };
}

/** "Tremblay, A. B." from an author's names. */
export function apaName(author: CitedAuthor): string {
  const { family, given } = nameParts(author);
  const initials = initialsOf(given);
  return initials ? `${family}, ${initials}` : family;
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

/** "version 3 du 7 mars 2024" / "version 3 of March 7, 2024". */
export function versionLabel(version: CitedVersion, language: string): string {
  const date = formatLongDate(version.date, language);
  return isFrench(language) ? `version ${version.number} du ${date}` : `version ${version.number} of ${date}`;
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
  // APA describes what is cited in square brackets after the title: here, the version of a page that changes.
  const title = input.version ? `${input.title.trim()} [${versionLabel(input.version, input.language)}]` : input.title;
  const head = authors ? `${element(authors)} (${input.year}). ${element(title)}` : `${element(title)} (${input.year}).`;
  return `${head} ${element(input.platform)} ${retrieved}`;
}
