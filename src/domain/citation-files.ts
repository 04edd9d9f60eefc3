// "Citer cette note" as files for reference managers (Zotero, JabRef,
// EndNote, Mendeley): BibTeX and RIS, from the same facts as the APA
// reference (citation.ts). Pure: the caller gives the consultation date.
//
// BibTeX reads `\ { } $ & % # _ ^ ~` as commands, so text fields escape them
// (LaTeX spellings); the URL keeps its characters except the braces and
// backslash that would end or break the field (they are percent-encoded, which
// means the same address). RIS has no escaping at all: one line a value, so a
// value's line breaks become spaces and no text can start a tag of its own.
import { nameParts, TIME_ZONE, versionLabel, type CitationInput } from "./citation.ts";
import { dateTimeFormat } from "./intl-formats.ts";

export interface CitationRecord extends CitationInput {
  /** The note's id here, which makes the BibTeX key unique. */
  readonly id: string;
  /** When the note (or the cited version) was published. */
  readonly published: Date;
  /** The note's own language (BibTeX `langid`, RIS `LA`), when known. */
  readonly noteLanguage: string | null;
}

/** "2024-03-07", the day in Québec's time zone. */
function isoDay(date: Date): string {
  return dateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE }).format(date);
}

/** Line breaks, tabs and other control characters become one space. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/ {2,}/g, " ").trim();
}

/** ASCII letters and digits only, for keys and file names ("Côté" → "cote"). */
function asciiWord(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** `tremblay2024k3x9q1` (first author's family name, or the title's first word; year; the id's start), `…v3` for a version. */
export function citationKey(record: CitationRecord): string {
  const first = record.authors[0];
  const word = asciiWord(first ? nameParts(first).family : (record.title.split(/\s+/).find((w) => asciiWord(w) !== "") ?? "")) || "note";
  const id = asciiWord(record.id).slice(0, 6);
  return `${word.slice(0, 30)}${record.year}${id}${record.version ? `v${record.version.number}` : ""}`;
}

const BIBTEX_SPECIALS: Readonly<Record<string, string>> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "%": "\\%",
  "#": "\\#",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
};

/** Text as a BibTeX field value (inside braces). */
export function bibtexEscape(text: string): string {
  return oneLine(text).replace(/[\\{}$&%#_^~]/g, (c) => BIBTEX_SPECIALS[c]!);
}

/** An address as a BibTeX `url`: braces, backslashes and spaces percent-encoded, the rest as is. */
function bibtexUrl(url: string): string {
  return oneLine(url).replace(/[{}\\ ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** "Tremblay, Anne-Marie": BibTeX's "Last, First"; a one-word name is braced, so it is never split; "and" inside a name is braced too. */
function bibtexName(author: CitationRecord["authors"][number]): string {
  const { family, given } = nameParts(author);
  const part = (text: string) => bibtexEscape(text).replace(/\band\b/gi, (w) => `{${w}}`);
  return given.length === 0 ? `{${part(family)}}` : `${part(family)}, ${part(given.join(" "))}`;
}

const BIBTEX_LANGUAGES: Readonly<Record<string, string>> = { fr: "french", en: "english", es: "spanish", de: "german", it: "italian", pt: "portuguese" };

/** A `@misc` entry (read by BibTeX, biblatex, Zotero and JabRef alike). */
export function toBibtex(record: CitationRecord): string {
  const fields: [string, string][] = [];
  if (record.authors.length > 0) fields.push(["author", record.authors.map(bibtexName).join(" and ")]);
  // Double braces keep the title's capitals as written.
  fields.push(["title", `{${bibtexEscape(record.title)}}`]);
  fields.push(["year", String(record.year)]);
  fields.push(["date", isoDay(record.published)]);
  fields.push(["howpublished", bibtexEscape(record.platform)]);
  fields.push(["url", bibtexUrl(record.url)]);
  fields.push(["urldate", isoDay(record.consulted)]);
  if (record.version) {
    fields.push(["version", String(record.version.number)]);
    fields.push(["note", bibtexEscape(versionLabel(record.version, record.language))]);
  }
  const language = record.noteLanguage ? BIBTEX_LANGUAGES[record.noteLanguage.split("-")[0]!.toLowerCase()] : undefined;
  if (language) fields.push(["langid", language]);
  return `@misc{${citationKey(record)},\n${fields.map(([name, value]) => `  ${name} = {${value}},`).join("\n")}\n}\n`;
}

/** A value on one RIS line: nothing in it can end the line or open another tag. */
function risLine(tag: string, value: string): string {
  return `${tag}  - ${oneLine(value)}`;
}

/** An `ELEC` (web page) record, lines ending in CR LF as the format says. */
export function toRis(record: CitationRecord): string {
  const lines = [risLine("TY", "ELEC")];
  for (const author of record.authors) {
    const { family, given } = nameParts(author);
    lines.push(risLine("AU", given.length === 0 ? family : `${family}, ${given.join(" ")}`));
  }
  lines.push(risLine("TI", record.title));
  lines.push(risLine("PY", String(record.year)));
  lines.push(risLine("DA", isoDay(record.published).replaceAll("-", "/")));
  lines.push(risLine("PB", record.platform));
  lines.push(risLine("UR", record.url));
  lines.push(risLine("Y2", isoDay(record.consulted).replaceAll("-", "/")));
  if (record.noteLanguage) lines.push(risLine("LA", record.noteLanguage));
  if (record.version) lines.push(risLine("ET", versionLabel(record.version, record.language)));
  lines.push("ER  - ");
  return `${lines.join("\r\n")}\r\n`;
}
