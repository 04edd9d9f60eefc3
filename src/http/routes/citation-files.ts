// "Citer cette note" for reference managers: BibTeX and RIS files of a note
// as it is now, or of one version of it (the history's "cite this version").
// Whoever may read the note may cite it; a redacted version cannot be cited,
// as its text is gone.
import { Hono, type Context } from "hono";
import { toBibtex, toRis, citationKey, type CitationRecord } from "../../domain/citation-files.ts";
import { findRevision, loadNoteDetails } from "../../domain/notes.ts";
import { citationRecord } from "../citations/note-citation.ts";
import type { AppEnv } from "../env.ts";
import { renderMessagePage } from "../views/message.ts";
import { readableNote } from "./note-pages.ts";

const FORMATS = {
  bib: { type: "application/x-bibtex; charset=utf-8", write: toBibtex },
  ris: { type: "application/x-research-info-systems; charset=utf-8", write: toRis },
} as const;

type Format = keyof typeof FORMATS;

function download(c: Context<AppEnv>, format: Format, record: CitationRecord): Response {
  c.header("Content-Type", FORMATS[format].type);
  // The key is ASCII letters and digits only: a file name no browser or system mangles.
  c.header("Content-Disposition", `attachment; filename="${citationKey(record)}.${format}"`);
  // It carries the day it was consulted.
  c.header("Cache-Control", "private, no-cache");
  return c.body(FORMATS[format].write(record));
}

async function cite(c: Context<AppEnv>, format: Format, versionNumber: number | null): Promise<Response> {
  const note = await readableNote(c);
  if (note instanceof Response) return note;
  const { db, config } = c.get("services");
  const revision = versionNumber == null ? null : await findRevision(db, note.id, versionNumber);
  if (versionNumber != null && !revision) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
  if (revision?.redacted_at != null) return c.html(renderMessagePage(c, { title: "citation.redactedTitle", body: "citation.redactedBody" }), 410);
  const details = await loadNoteDetails(db, note);
  return download(c, format, citationRecord(config, details, { title: revision ? revision.title : note.title, language: c.get("lang"), consulted: new Date(), revision }));
}

export function citationFileRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const format of Object.keys(FORMATS) as Format[]) {
    app.get(`/notes/:id/citation.${format}`, (c) => cite(c, format, null));
    // Beyond a database integer there is no such version (and PostgreSQL would refuse the comparison).
    app.get(`/notes/:id/history/:number{[0-9]{1,9}}/citation.${format}`, (c) => cite(c, format, Number(c.req.param("number"))));
  }
  return app;
}
