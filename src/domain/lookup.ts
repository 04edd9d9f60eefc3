// Finding anything by handle or URL: an actor, a note or a notebook, here or
// on another server. Like the actor directory, a port: the federation layer
// implements it with signed fetches and keeps what it finds.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hostOf, type ActorRow } from "./actors.ts";
import { parseHandle } from "./handles.ts";
import type { NotebookRow } from "./notebooks.ts";
import { canSeeNote, type NoteRow } from "./notes.ts";

export type LookupResult =
  | { readonly kind: "actor"; readonly actor: ActorRow }
  | { readonly kind: "note"; readonly note: NoteRow }
  | { readonly kind: "notebook"; readonly notebook: NotebookRow };

export interface RemoteLookup {
  /**
   * What a handle (`@user@host`) or a URL names: ours from the database
   * (never fetched), another server's fetched and stored here, even when
   * nobody here follows its authors (someone asked for it). Null when
   * nothing valid answers; a DomainError ("invalid") for an address the
   * fetch policy refuses.
   */
  resolve(query: string): Promise<LookupResult | null>;
}

const MAX_QUERY = 500;

/**
 * What to look up for a search text, and whether it names another server
 * (which only people with an account may make this server fetch). A bare
 * `alice` or `@alice` means someone here. Null for anything else.
 */
export function lookupTarget(q: string, origin: URL): { query: string; remote: boolean } | null {
  const text = q.trim();
  if (!text || text.length > MAX_QUERY) return null;
  const host = hostOf(origin).toLowerCase();
  if (/^@?[^@\s/:]+$/.test(text)) return { query: `@${text.replace(/^@/, "")}@${host}`, remote: false };
  const handle = parseHandle(text);
  if (handle) return { query: `@${handle.username}@${handle.host}`, remote: handle.host !== host };
  const url = URL.parse(text);
  if (url && (url.protocol === "https:" || url.protocol === "http:")) return { query: url.href, remote: url.origin !== origin.origin };
  return null;
}

/**
 * Whether a search text names one thing to resolve (`@name`, `name@host`, a
 * URL) rather than words to search for. A bare word is words, and may also
 * be the name of someone here.
 */
export function namesAnAddress(q: string): boolean {
  const text = q.trim();
  return text.startsWith("@") || /^[^@\s]+@[^@\s]+$/.test(text) || /^acct:/i.test(text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** A result as a viewer may see it: deleted things and notes they may not read are nothing. */
export async function visibleResult(db: Kysely<Database>, result: LookupResult | null, viewerActorId: string | null): Promise<LookupResult | null> {
  if (result == null) return null;
  switch (result.kind) {
    case "actor":
      return result.actor.deleted_at == null ? result : null;
    case "note":
      return result.note.deleted_at == null && (await canSeeNote(db, result.note, viewerActorId)) ? result : null;
    case "notebook":
      return result.notebook.deleted_at == null ? result : null;
  }
}
