// What the sitemap lists (/sitemap.xml, docs/PRIVACY.md "Choices"): this
// instance's public pages, never a member's who refused search engines.
// Remote content is not ours to list: its own server decides.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { INSTANCE_ACTOR_ID } from "./paths.ts";

export const SITEMAP_KINDS = ["notes", "notebooks", "terms", "communities", "people"] as const;
export type SitemapKind = (typeof SITEMAP_KINDS)[number];

/** Google and Bing read at most 50,000 URLs per file; smaller pages stay quick to build. */
export const SITEMAP_PAGE_SIZE = 5000;

export interface SitemapEntry {
  /** Path on this instance, e.g. `/notes/01J…`. */
  readonly path: string;
  readonly lastModified: string;
}

/** Public local notes, without those an author here keeps from search engines. */
function notes(db: Kysely<Database>) {
  return db
    .selectFrom("notes")
    .where("notes.is_local", "=", 1)
    .where("notes.visibility", "=", "public")
    .where("notes.deleted_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("note_authors")
            .innerJoin("users", "users.actor_id", "note_authors.actor_id")
            .select(sql<number>`1`.as("one"))
            .whereRef("note_authors.note_id", "=", "notes.id")
            .where("users.allow_search_engines", "=", 0),
        ),
      ),
    );
}

function people(db: Kysely<Database>) {
  return db
    .selectFrom("actors")
    .innerJoin("users", "users.actor_id", "actors.id")
    .where("actors.type", "=", "Person")
    .where("actors.deleted_at", "is", null)
    .where("actors.id", "!=", INSTANCE_ACTOR_ID)
    .where("users.allow_search_engines", "=", 1);
}

function communities(db: Kysely<Database>) {
  return db
    .selectFrom("communities")
    .innerJoin("actors", "actors.id", "communities.actor_id")
    .where("actors.is_local", "=", 1)
    .where("actors.deleted_at", "is", null)
    .where("communities.visibility", "=", "public");
}

/** How many entries each kind has (the sitemap index lists its pages). */
export async function sitemapCounts(db: Kysely<Database>): Promise<Record<SitemapKind, number>> {
  const count = sql<number>`count(*)`.as("n");
  const [n, b, t, c, p] = await Promise.all([
    notes(db).select(count).executeTakeFirstOrThrow(),
    db.selectFrom("notebooks").select(count).where("is_local", "=", 1).where("deleted_at", "is", null).executeTakeFirstOrThrow(),
    db.selectFrom("terms").select(count).where("is_local", "=", 1).where("deleted_at", "is", null).executeTakeFirstOrThrow(),
    communities(db).select(count).executeTakeFirstOrThrow(),
    people(db).select(count).executeTakeFirstOrThrow(),
  ]);
  return { notes: Number(n.n), notebooks: Number(b.n), terms: Number(t.n), communities: Number(c.n), people: Number(p.n) };
}

/** One page (from 1) of one kind, oldest first so that pages keep their content as entries are added. */
export async function sitemapPage(db: Kysely<Database>, kind: SitemapKind, page: number): Promise<SitemapEntry[]> {
  const offset = (page - 1) * SITEMAP_PAGE_SIZE;
  switch (kind) {
    case "notes": {
      const rows = await notes(db).select(["notes.id", "notes.updated_at"]).orderBy("notes.id").limit(SITEMAP_PAGE_SIZE).offset(offset).execute();
      return rows.map((r) => ({ path: `/notes/${encodeURIComponent(r.id)}`, lastModified: r.updated_at }));
    }
    case "notebooks": {
      const rows = await db
        .selectFrom("notebooks")
        .select(["id", "updated_at"])
        .where("is_local", "=", 1)
        .where("deleted_at", "is", null)
        .orderBy("id")
        .limit(SITEMAP_PAGE_SIZE)
        .offset(offset)
        .execute();
      return rows.map((r) => ({ path: `/notebooks/${encodeURIComponent(r.id)}`, lastModified: r.updated_at }));
    }
    case "terms": {
      const rows = await db
        .selectFrom("terms")
        .select(["id", "slug", "updated_at"])
        .where("is_local", "=", 1)
        .where("deleted_at", "is", null)
        .orderBy("id")
        .limit(SITEMAP_PAGE_SIZE)
        .offset(offset)
        .execute();
      return rows.map((r) => ({ path: `/terms/${encodeURIComponent(r.slug)}`, lastModified: r.updated_at }));
    }
    case "communities": {
      const rows = await communities(db).select(["actors.id", "actors.username", "actors.updated_at"]).orderBy("actors.id").limit(SITEMAP_PAGE_SIZE).offset(offset).execute();
      return rows.map((r) => ({ path: `/c/${encodeURIComponent(r.username)}`, lastModified: r.updated_at }));
    }
    case "people": {
      const rows = await people(db).select(["actors.id", "actors.username", "actors.updated_at"]).orderBy("actors.id").limit(SITEMAP_PAGE_SIZE).offset(offset).execute();
      return rows.map((r) => ({ path: `/@${encodeURIComponent(r.username)}`, lastModified: r.updated_at }));
    }
  }
}
