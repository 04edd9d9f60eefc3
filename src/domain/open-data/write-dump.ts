// Writes the public data dump (docs/OPEN-DATA.md) into a folder: JSON-LD and
// CSV per kind, and a README of the fields. Notes are streamed, so a large
// instance does not need its whole content in memory.
import { mkdir, open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { csvLine, type CsvValue } from "./csv.ts";
import { JSON_LD_CONTEXT, noteNode, notebookNode, organizationNode, termNode } from "./json-ld.ts";
import { publicNotebooks, publicNotes, publicOrganizations, publicTerms, type Attribution } from "./public-content.ts";
import { dumpReadme } from "./readme.ts";

export interface DumpCounts {
  notes: number;
  notebooks: number;
  terms: number;
  organizations: number;
}

const names = (people: Attribution[]) => [people.map((p) => p.name ?? ""), people.map((p) => p.handle), people.map((p) => p.uri)];

/** Opens `<kind>.jsonld` and `<kind>.csv` and returns functions adding one item. */
async function kindWriter(dir: string, kind: string, header: readonly string[]) {
  const jsonld = await open(join(dir, `${kind}.jsonld`), "w");
  const csv = await open(join(dir, `${kind}.csv`), "w");
  await jsonld.write(`{"@context":${JSON.stringify(JSON_LD_CONTEXT)},"@graph":[\n`);
  await csv.write(csvLine(header));
  let count = 0;
  return {
    async add(node: unknown, row: readonly CsvValue[]) {
      await jsonld.write(`${count === 0 ? "" : ",\n"}${JSON.stringify(node)}`);
      await csv.write(csvLine(row));
      count += 1;
    },
    async close(): Promise<number> {
      await jsonld.write("\n]}\n");
      await Promise.all([jsonld.close(), csv.close()]);
      return count;
    },
  };
}

export async function writeDump(db: Kysely<Database>, dir: string, instance: string, now: Date = new Date()): Promise<DumpCounts> {
  await mkdir(dir, { recursive: true });

  const notes = await kindWriter(dir, "notes", [
    "uri", "url", "title", "summary", "content", "language", "license_id", "license_uri", "category", "tags", "terms",
    "organizations", "links", "author_names", "author_handles", "author_uris", "published_at", "updated_at",
  ]);
  const noteUris = new Set<string>();
  let notesCount: number;
  try {
    for await (const n of publicNotes(db)) {
      noteUris.add(n.uri);
      await notes.add(noteNode(n), [
        n.uri, n.url, n.title, n.summary, n.content, n.language, n.licenseId, n.licenseUri, n.category, n.tags, n.terms,
        n.organizations, n.links, ...names(n.authors), n.publishedAt, n.updatedAt,
      ]);
    }
  } finally {
    notesCount = await notes.close();
  }

  const notebooks = await kindWriter(dir, "notebooks", ["uri", "url", "title", "summary", "curator_names", "curator_handles", "curator_uris", "notes", "created_at", "updated_at"]);
  for (const b of await publicNotebooks(db, noteUris)) {
    await notebooks.add(notebookNode(b), [b.uri, b.url, b.title, b.summary, ...names(b.curators), b.notes, b.createdAt, b.updatedAt]);
  }
  const terms = await kindWriter(dir, "terms", ["uri", "slug", "label_fr", "label_en", "definition_fr", "definition_en", "aliases", "updated_at"]);
  for (const t of await publicTerms(db)) {
    await terms.add(termNode(t), [t.uri, t.slug, t.labelFr, t.labelEn, t.definitionFr, t.definitionEn, t.aliases, t.updatedAt]);
  }
  const organizations = await kindWriter(dir, "organizations", ["uri", "url", "handle", "name", "summary", "updated_at"]);
  for (const o of await publicOrganizations(db)) {
    await organizations.add(organizationNode(o), [o.uri, o.url, o.handle, o.name, o.summary, o.updatedAt]);
  }

  const counts: DumpCounts = { notes: notesCount, notebooks: await notebooks.close(), terms: await terms.close(), organizations: await organizations.close() };
  await writeFile(join(dir, "README.md"), dumpReadme(instance, now.toISOString(), { ...counts }));
  return counts;
}
