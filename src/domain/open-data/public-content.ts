// What the public data dump may contain (docs/OPEN-DATA.md): this instance's
// own public content only. Never unlisted, followers-only or community-only
// notes, never notes of a suspended author or of an author here who refused
// full-text search (`indexable` off), never another server's content (its
// own server decides), and of people only their public attribution.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { handleOf, type ActorRow } from "../actors.ts";
import { licenseByUri } from "../licenses.ts";
import { loadNoteDetails } from "../notes.ts";
import { INSTANCE_ACTOR_ID } from "../paths.ts";

export interface Attribution {
  readonly name: string | null;
  readonly handle: string;
  readonly uri: string;
}

export interface DumpNote {
  readonly uri: string;
  readonly url: string;
  readonly title: string;
  readonly summary: string | null;
  readonly content: string | null;
  readonly contentHtml: string;
  readonly language: string | null;
  readonly licenseId: string | null;
  readonly licenseUri: string | null;
  readonly category: string | null;
  readonly tags: string[];
  readonly terms: string[];
  readonly organizations: string[];
  readonly links: string[];
  readonly authors: Attribution[];
  readonly publishedAt: string;
  readonly updatedAt: string;
}

export interface DumpNotebook {
  readonly uri: string;
  readonly url: string;
  readonly title: string;
  readonly summary: string | null;
  readonly curators: Attribution[];
  /** URIs of the public notes it gathers, in order (other items are left out). */
  readonly notes: string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DumpTerm {
  readonly uri: string;
  readonly slug: string;
  readonly labelFr: string | null;
  readonly labelEn: string | null;
  readonly definitionFr: string | null;
  readonly definitionEn: string | null;
  readonly aliases: string[];
  readonly updatedAt: string;
}

export interface DumpOrganization {
  readonly uri: string;
  readonly url: string;
  readonly handle: string;
  readonly name: string | null;
  readonly summary: string | null;
  readonly updatedAt: string;
}

const BATCH = 500;

export function attribution(actor: ActorRow): Attribution {
  return { name: actor.name, handle: handleOf(actor), uri: actor.uri };
}

/** Ids of the notes the dump publishes, in a stable order. */
function publicNoteIds(db: Kysely<Database>) {
  return db
    .selectFrom("notes")
    .select("notes.id")
    .where("notes.is_local", "=", 1)
    .where("notes.visibility", "=", "public")
    .where("notes.deleted_at", "is", null)
    .where(({ not, exists, selectFrom, or, eb }) =>
      not(
        exists(
          selectFrom("note_authors")
            .innerJoin("actors", "actors.id", "note_authors.actor_id")
            .leftJoin("users", "users.actor_id", "actors.id")
            .select(sql<number>`1`.as("one"))
            .whereRef("note_authors.note_id", "=", "notes.id")
            .where((w) => w.or([w("actors.indexable", "=", 0), w("users.suspended_at", "is not", null), w("actors.deleted_at", "is not", null)])),
        ),
      ),
    )
    .orderBy("notes.id");
}

export async function* publicNotes(db: Kysely<Database>): AsyncGenerator<DumpNote> {
  for (let offset = 0; ; offset += BATCH) {
    const ids = (await publicNoteIds(db).limit(BATCH).offset(offset).execute()).map((r) => r.id);
    if (ids.length === 0) return;
    const rows = await db.selectFrom("notes").selectAll().where("id", "in", ids).orderBy("id").execute();
    for (const note of rows) {
      const details = await loadNoteDetails(db, note);
      const license = licenseByUri(note.license);
      yield {
        uri: note.uri,
        url: note.url ?? note.uri,
        title: note.title,
        summary: note.summary,
        content: note.content_source,
        contentHtml: note.content_html,
        language: note.language,
        licenseId: license?.id ?? null,
        licenseUri: note.license,
        category: note.category,
        tags: details.tags.map((t) => t.name),
        terms: details.terms.filter((t) => t.deleted_at === null).map((t) => t.uri),
        organizations: details.organizations.filter((o) => o.deleted_at === null).map((o) => o.uri),
        links: details.links,
        authors: details.authors.map(attribution),
        publishedAt: note.published_at,
        updatedAt: note.updated_at,
      };
    }
  }
}

export async function publicNotebooks(db: Kysely<Database>, publicNoteUris: ReadonlySet<string>): Promise<DumpNotebook[]> {
  const notebooks = await db.selectFrom("notebooks").selectAll().where("is_local", "=", 1).where("deleted_at", "is", null).orderBy("id").execute();
  const result: DumpNotebook[] = [];
  for (const notebook of notebooks) {
    const [curators, items] = await Promise.all([
      db
        .selectFrom("notebook_curators")
        .innerJoin("actors", "actors.id", "notebook_curators.actor_id")
        .selectAll("actors")
        .where("notebook_curators.notebook_id", "=", notebook.id)
        .orderBy("notebook_curators.position")
        .execute(),
      db.selectFrom("notebook_items").select("note_uri").where("notebook_id", "=", notebook.id).orderBy("position").orderBy("id").execute(),
    ]);
    result.push({
      uri: notebook.uri,
      url: notebook.url ?? notebook.uri,
      title: notebook.title,
      summary: notebook.summary,
      curators: curators.map(attribution),
      notes: items.map((i) => i.note_uri).filter((uri) => publicNoteUris.has(uri)),
      createdAt: notebook.created_at,
      updatedAt: notebook.updated_at,
    });
  }
  return result;
}

export async function publicTerms(db: Kysely<Database>): Promise<DumpTerm[]> {
  const rows = await db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("deleted_at", "is", null).orderBy("slug").execute();
  return rows.map((t) => ({
    uri: t.uri,
    slug: t.slug,
    labelFr: t.label_fr,
    labelEn: t.label_en,
    definitionFr: t.definition_fr,
    definitionEn: t.definition_en,
    aliases: JSON.parse(t.aliases) as string[],
    updatedAt: t.updated_at,
  }));
}

export async function publicOrganizations(db: Kysely<Database>): Promise<DumpOrganization[]> {
  const rows = await db
    .selectFrom("actors")
    .selectAll()
    .where("type", "=", "Organization")
    .where("is_local", "=", 1)
    .where("deleted_at", "is", null)
    .where("id", "!=", INSTANCE_ACTOR_ID)
    .orderBy("username")
    .execute();
  return rows.map((o) => ({ uri: o.uri, url: o.url ?? o.uri, handle: handleOf(o), name: o.name, summary: o.summary, updatedAt: o.updated_at }));
}
