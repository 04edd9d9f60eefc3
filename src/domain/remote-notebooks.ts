// Notebooks of other instances, as this instance keeps them: a copy of the
// collection (title, curators, ordered note URIs) refreshed from its home
// whenever its curators announce a change.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";
import { findNotebookByUri, type NotebookRow } from "./notebooks.ts";
import { httpUrlOrNull, isHttpUrl } from "./remote-urls.ts";

export interface RemoteNotebookData {
  uri: string;
  url: string | null;
  title: string;
  summary: string | null;
  coverUrl: string | null;
  curators: ActorRow[];
  /** Note URIs in reading order. */
  items: string[];
}

export async function upsertRemoteNotebook(db: Kysely<Database>, data: RemoteNotebookData): Promise<NotebookRow | null> {
  const existing = await findNotebookByUri(db, data.uri);
  if (existing?.is_local === 1) return null;
  const now = isoNow();
  return db.transaction().execute(async (tx) => {
    // Only web addresses from another server (src/domain/remote-urls.ts).
    const values = { url: httpUrlOrNull(data.url), title: data.title, summary: data.summary, cover_url: httpUrlOrNull(data.coverUrl), updated_at: now, deleted_at: null };
    const notebook = existing
      ? await tx.updateTable("notebooks").set(values).where("id", "=", existing.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto("notebooks").values({ id: newId(), uri: data.uri, is_local: 0, created_at: now, ...values }).returningAll().executeTakeFirstOrThrow();
    await tx.deleteFrom("notebook_curators").where("notebook_id", "=", notebook.id).execute();
    await tx.deleteFrom("notebook_items").where("notebook_id", "=", notebook.id).execute();
    if (data.curators.length > 0) {
      await tx.insertInto("notebook_curators").values(data.curators.map((c, position) => ({ notebook_id: notebook.id, actor_id: c.id, position }))).execute();
    }
    const items = [...new Set(data.items.filter(isHttpUrl))];
    if (items.length > 0) {
      await tx
        .insertInto("notebook_items")
        .values(items.map((note_uri, position) => ({ id: newId(), notebook_id: notebook.id, section_id: null, note_uri, position, added_by: null, added_at: now })))
        .execute();
    }
    return notebook;
  });
}
