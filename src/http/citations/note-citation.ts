// The facts a citation of a note needs, gathered once for the note page, the
// history's versions and the BibTeX/RIS downloads, so that all of them cite
// the same authors, year, title, platform and address.
import { yearOf } from "../../domain/citation.ts";
import type { CitationRecord } from "../../domain/citation-files.ts";
import type { NoteDetails, RevisionRow } from "../../domain/notes.ts";
import type { Config } from "../../config/config.ts";
import { displayName, isHttpUrl } from "../views/layout.ts";
import { notePath } from "../views/note.ts";

/** Where a version of a note is read here: its page in the history. */
export function versionPath(note: { id: string }, number: number): string {
  return `${notePath(note)}/history/${number}`;
}

/**
 * The note as it is now (`title` is the shown one, a translation's when
 * chosen), or one saved `revision` of it: then the year, date and title are
 * that version's, and the address its page here (the one address that keeps
 * showing that text).
 */
export function citationRecord(
  config: Config,
  details: NoteDetails,
  options: { readonly title: string; readonly language: string; readonly consulted: Date; readonly revision?: RevisionRow | null },
): CitationRecord {
  const { note } = details;
  const url = isHttpUrl(note.url) ? note.url : note.uri;
  const revision = options.revision ?? null;
  const published = new Date(revision ? revision.created_at : note.published_at);
  return {
    id: note.id,
    authors: details.authors.map((a) => ({ name: displayName(a) })),
    year: yearOf(published),
    title: options.title,
    platform: note.is_local === 1 ? config.instance.name : new URL(url).host,
    consulted: options.consulted,
    url: revision ? new URL(versionPath(note, revision.number), config.publicUrl).href : url,
    language: options.language,
    version: revision ? { number: revision.number, date: published } : null,
    published,
    noteLanguage: (revision ? revision.language : note.language) ?? null,
  };
}
