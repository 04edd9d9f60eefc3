// Row types of Praxis knowledge (migration 20261122T000000_knowledge).
import type { Generated } from "kysely";

/**
 * Who may see a note. `community` arrives with communities (private CdP content);
 * `draft` is a local note not published yet: its authors only (migration 20261205T090000).
 */
export type VisibilityValue = "public" | "unlisted" | "followers" | "community" | "draft";

export interface NotesTable {
  id: string;
  uri: string;
  is_local: number;
  url: string | null;
  title: string;
  /** Plain text. */
  summary: string | null;
  /** Markdown, for local notes and remote ones that sent `source`. */
  content_source: string | null;
  /** Always sanitized. */
  content_html: string;
  language: string | null;
  category: string | null;
  /** A licence URI (Creative Commons), or null for "all rights reserved". */
  license: string | null;
  visibility: VisibilityValue;
  /** A draft's chosen visibility, applied when it is published; null once published. */
  draft_visibility: VisibilityValue | null;
  brought_in_by: string | null;
  in_reply_to_uri: string | null;
  context_uri: string | null;
  revision: Generated<number>;
  published_at: string;
  updated_at: string;
  created_at: string;
  fetched_at: string | null;
  deleted_at: string | null;
  /** When a thread backfill last read this remote note and its replies (migration 20261122T030000). */
  backfilled_at: string | null;
}

export interface NoteTranslationsTable {
  note_id: string;
  language: string;
  title: string;
  summary: string | null;
  content_source: string | null;
  content_html: string;
}

export interface NoteAuthorsTable {
  note_id: string;
  actor_id: string;
  position: number;
  /** The note's published_at, kept in step by triggers (migration 20261204T053000): the author's list order. */
  published_at: Generated<string | null>;
}

/** A local person or community named as a note's author, until they accept (migration 20261203T233701). */
export interface CoauthorInvitationsTable {
  id: string;
  note_id: string;
  actor_id: string;
  position: number;
  invited_by: string | null;
  created_at: string;
}

export interface NoteRevisionsTable {
  id: string;
  note_id: string;
  number: number;
  title: string;
  summary: string | null;
  content_source: string | null;
  content_html: string;
  language: string | null;
  snapshot: Generated<string>;
  editor_id: string | null;
  created_at: string;
  /** Set when the revision's text was redacted (migration 20261204T041500): the text columns are then empty. */
  redacted_at: string | null;
  redacted_by: string | null;
  /** What the editor said about the change (migration 20261205T090000); null when nothing was said. */
  edit_summary: string | null;
}

export interface NoteTagsTable {
  note_id: string;
  key: string;
  name: string;
}

export interface TermsTable {
  id: string;
  uri: string;
  is_local: number;
  slug: string;
  label_fr: string | null;
  label_en: string | null;
  definition_fr: string | null;
  definition_en: string | null;
  /** JSON array of strings. */
  aliases: Generated<string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NoteTermsTable {
  note_id: string;
  term_id: string;
}

export interface NoteOrganizationsTable {
  note_id: string;
  actor_id: string;
}

export interface NoteLinksTable {
  note_id: string;
  target_uri: string;
  position: number;
}

export type MediaKind = "image" | "document" | "audio" | "video";

export interface MediaTable {
  id: string;
  note_id: string | null;
  uploader_id: string | null;
  url: string;
  storage_path: string | null;
  media_type: string;
  kind: MediaKind;
  size: number | null;
  name: string | null;
  position: Generated<number>;
  created_at: string;
}

export interface NotebooksTable {
  id: string;
  uri: string;
  is_local: number;
  url: string | null;
  title: string;
  summary: string | null;
  cover_url: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NotebookCuratorsTable {
  notebook_id: string;
  actor_id: string;
  position: Generated<number>;
}

export interface NotebookSectionsTable {
  id: string;
  notebook_id: string;
  title: string;
  position: number;
}

export interface NotebookItemsTable {
  id: string;
  notebook_id: string;
  section_id: string | null;
  note_uri: string;
  position: number;
  added_by: string | null;
  added_at: string;
}

export type OrganizationRole = "admin" | "member";

export interface OrganizationMembersTable {
  organization_id: string;
  member_id: string;
  role: OrganizationRole;
  created_at: string;
}

export interface KnowledgeTables {
  notes: NotesTable;
  note_translations: NoteTranslationsTable;
  note_authors: NoteAuthorsTable;
  coauthor_invitations: CoauthorInvitationsTable;
  note_revisions: NoteRevisionsTable;
  note_tags: NoteTagsTable;
  terms: TermsTable;
  note_terms: NoteTermsTable;
  note_organizations: NoteOrganizationsTable;
  note_links: NoteLinksTable;
  media: MediaTable;
  notebooks: NotebooksTable;
  notebook_curators: NotebookCuratorsTable;
  notebook_sections: NotebookSectionsTable;
  notebook_items: NotebookItemsTable;
  organization_members: OrganizationMembersTable;
}
