// Row types of full-text search (migration 20261204T041000_search_fulltext).
import type { Generated } from "kysely";

export type SearchDocumentKind = "note" | "notebook" | "term" | "person" | "organization" | "community";

export interface SearchDocumentsTable {
  id: Generated<number>;
  kind: SearchDocumentKind;
  ref_id: string;
  /** SQLite: stems; PostgreSQL: plain text (stemmed by the `french` configuration). */
  title: string;
  body: string;
  /** 1 when anyone may find it; 0 for notes only some may read. */
  listed: number;
  published_at: string;
  language: string | null;
  license: string | null;
  /** The host it comes from (the "instance" filter). */
  domain: string;
}

/** A source row changed: its documents are rebuilt before the next search. `kind` is "note", "notebook", "term" or "actor". */
export interface SearchPendingTable {
  kind: string;
  ref_id: string;
  version: number;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_pending: SearchPendingTable;
}
