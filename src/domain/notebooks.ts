// Notebooks (carnets): ordered collections of notes, local or remote, grouped
// in sections and kept by curators. Only curators (directly, or as members of
// a curating organization) change a notebook; each change and its intent for
// the outbox (Add, Remove, Update) commit together.
//
// Order: an item's `position` counts within its section (the "no section"
// group is a section of its own), sections' within the notebook; positions
// stay dense (0..n-1) after every change, so clients can send an index.
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { NotebookItemsTable, NotebookSectionsTable, NotebooksTable } from "../db/knowledge-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import type { Page } from "./follows.ts";
import { newId } from "./ids.ts";
import type { NoteRow } from "./notes.ts";
import { notebookUri } from "./paths.ts";
import { isPubliclyReadable } from "./visibility.ts";
import { interestsFrom, notebookTags, replaceNotebookTags } from "./interests.ts";

export type NotebookRow = Selectable<NotebooksTable>;
export type NotebookSectionRow = Selectable<NotebookSectionsTable>;
export type NotebookItemRow = Selectable<NotebookItemsTable>;

type Db = Kysely<Database> | Transaction<Database>;
type Raw = Record<string, unknown>;

export const NOTEBOOK_LIMITS = { title: 300, summary: 2000, url: 2000, sectionTitle: 200, sections: 100, items: 1000, curators: 20 } as const;

// ---------------------------------------------------------------- input

export interface NotebookInput {
  title: string;
  /** Plain text. */
  summary: string | null;
  coverUrl: string | null;
  /** Interest tags (interests.ts); undefined: left as they are. */
  tags?: { key: string; name: string }[];
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url != null && (url.protocol === "https:" || url.protocol === "http:");
}

function optionalText(raw: Raw, key: string, max: number, problems: string[]): string | null {
  const value = raw[key];
  if (value == null) return null;
  if (typeof value !== "string") {
    problems.push(`${key} must be a string or null`);
    return null;
  }
  if (value.length > max) problems.push(`${key} is longer than ${max} characters`);
  return value.trim() || null;
}

/** Reads a notebook's fields (all of them, or with `base` only those present); every problem at once. */
export function parseNotebookInput(raw: Raw, base?: NotebookInput): NotebookInput {
  const problems: string[] = [];
  const has = (key: string) => base == null || key in raw;
  let title = base?.title ?? "";
  if (has("title")) {
    const value = optionalText(raw, "title", NOTEBOOK_LIMITS.title, problems);
    if (value == null) problems.push("title is required");
    else title = value;
  }
  const summary = has("summary") ? optionalText(raw, "summary", NOTEBOOK_LIMITS.summary, problems) : base!.summary;
  const coverUrl = has("coverUrl") ? optionalText(raw, "coverUrl", NOTEBOOK_LIMITS.url, problems) : base!.coverUrl;
  if (coverUrl != null && !isHttpUrl(coverUrl)) problems.push("coverUrl must be an http(s) URL");
  let tags: NotebookInput["tags"];
  if ("tags" in raw && raw.tags != null) {
    try {
      tags = interestsFrom(raw.tags, "tags");
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  return { title, summary, coverUrl, ...(tags ? { tags } : {}) };
}

function sectionTitle(value: unknown): string {
  if (typeof value !== "string" || !value.trim()) throw new DomainError("invalid", "title is required");
  if (value.length > NOTEBOOK_LIMITS.sectionTitle) throw new DomainError("invalid", `title is longer than ${NOTEBOOK_LIMITS.sectionTitle} characters`);
  return value.trim();
}

function position(value: unknown): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new DomainError("invalid", "position must be an integer from 0");
  return value;
}

// ---------------------------------------------------------------- reading

export async function findNotebook(db: Db, id: string): Promise<NotebookRow | undefined> {
  return db.selectFrom("notebooks").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findNotebookByUri(db: Db, uri: string): Promise<NotebookRow | undefined> {
  return db.selectFrom("notebooks").selectAll().where("uri", "=", uri).executeTakeFirst();
}

/** A live notebook, or a DomainError a route can answer with (404, 410). */
export async function requireNotebook(db: Db, id: string): Promise<NotebookRow> {
  const notebook = await findNotebook(db, id);
  if (!notebook) throw new DomainError("not_found", "No such notebook");
  if (notebook.deleted_at != null) throw new DomainError("gone", "This notebook was deleted");
  return notebook;
}

export async function notebookCurators(db: Db, notebookId: string): Promise<ActorRow[]> {
  return db
    .selectFrom("notebook_curators")
    .innerJoin("actors", "actors.id", "notebook_curators.actor_id")
    .selectAll("actors")
    .where("notebook_curators.notebook_id", "=", notebookId)
    .orderBy("notebook_curators.position")
    .orderBy("actors.username_key")
    .execute();
}

/** A notebook's curator, directly or as a member of a curating organization. */
export async function isCurator(db: Db, notebookId: string, actorId: string): Promise<boolean> {
  const row = await db
    .selectFrom("notebook_curators")
    .select("notebook_curators.actor_id")
    .where("notebook_curators.notebook_id", "=", notebookId)
    .where((eb) =>
      eb.or([
        eb("notebook_curators.actor_id", "=", actorId),
        eb.exists(
          eb
            .selectFrom("organization_members")
            .select("organization_members.member_id")
            .whereRef("organization_members.organization_id", "=", "notebook_curators.actor_id")
            .where("organization_members.member_id", "=", actorId),
        ),
      ]),
    )
    .executeTakeFirst();
  return row != null;
}

/** One entry of a notebook, with the note when this instance knows it. */
export interface NotebookItemView {
  readonly item: NotebookItemRow;
  /** The stored note, when known here and readable by anyone; null otherwise. */
  readonly note: NoteRow | null;
  readonly authors: ActorRow[];
  /** Known here but deleted or no longer public: shown as unavailable, never with its title. */
  readonly unavailable: boolean;
}

export interface NotebookView {
  readonly notebook: NotebookRow;
  readonly curators: ActorRow[];
  /** Items outside any section: they come first. */
  readonly items: NotebookItemView[];
  readonly sections: { readonly section: NotebookSectionRow; readonly items: NotebookItemView[] }[];
  /** Its interest tags, as spelled (interests.ts). */
  readonly tags: string[];
}

/** Every item of a notebook in reading order: those outside sections, then each section's. */
export function orderedItems(view: NotebookView): NotebookItemView[] {
  return [...view.items, ...view.sections.flatMap((s) => s.items)];
}

async function itemViews(db: Db, items: NotebookItemRow[]): Promise<NotebookItemView[]> {
  const uris = [...new Set(items.map((i) => i.note_uri))];
  const notes = uris.length
    ? await db
        .selectFrom("notes")
        .selectAll()
        .where((eb) => eb.or([eb("uri", "in", uris), eb("url", "in", uris)]))
        .execute()
    : [];
  const byUri = new Map<string, NoteRow>();
  for (const note of notes) {
    if (note.url) byUri.set(note.url, note);
  }
  // The id wins over a page URL that another note might share.
  for (const note of notes) byUri.set(note.uri, note);
  const shown = notes.filter((n) => n.deleted_at == null && isPubliclyReadable(n.visibility));
  const authorRows = shown.length
    ? await db
        .selectFrom("note_authors")
        .innerJoin("actors", "actors.id", "note_authors.actor_id")
        .selectAll("actors")
        .select("note_authors.note_id")
        .where(
          "note_authors.note_id",
          "in",
          shown.map((n) => n.id),
        )
        .orderBy("note_authors.position")
        .execute()
    : [];
  return items.map((item) => {
    const note = byUri.get(item.note_uri) ?? null;
    const readable = note != null && note.deleted_at == null && isPubliclyReadable(note.visibility);
    const authors = readable ? authorRows.filter((a) => a.note_id === note.id).map(({ note_id: _, ...actor }) => actor) : [];
    return { item, note: readable ? note : null, authors, unavailable: note != null && !readable };
  });
}

/** A notebook with its curators and its sections' items in order (tombstoned ones too: the caller decides). */
export async function loadNotebook(db: Db, notebook: NotebookRow): Promise<NotebookView> {
  const [curators, sections, items, tags] = await Promise.all([
    notebookCurators(db, notebook.id),
    db.selectFrom("notebook_sections").selectAll().where("notebook_id", "=", notebook.id).orderBy("position").orderBy("id").execute(),
    db.selectFrom("notebook_items").selectAll().where("notebook_id", "=", notebook.id).orderBy("position").orderBy("id").execute(),
    notebookTags(db, notebook.id),
  ]);
  const views = await itemViews(db, items);
  return {
    notebook,
    curators,
    tags,
    items: views.filter((v) => v.item.section_id == null || !sections.some((s) => s.id === v.item.section_id)),
    sections: sections.map((section) => ({ section, items: views.filter((v) => v.item.section_id === section.id) })),
  };
}

export interface NotebookSummary {
  readonly notebook: NotebookRow;
  readonly curators: ActorRow[];
  readonly itemCount: number;
}

/** Live local notebooks, newest first, keyset-paged by id; optionally those an actor curates. */
export async function listNotebooks(db: Db, options: { limit: number; cursor?: string | null; curatorId?: string }): Promise<Page<NotebookSummary>> {
  const curatorId = options.curatorId;
  // An actor's notebooks are walked through notebook_curators_actor_idx (actor, notebook id), the others through the notebooks' key.
  const orderColumn = sql.ref<string>(curatorId ? "notebook_curators.notebook_id" : "notebooks.id");
  let query = db
    .selectFrom("notebooks")
    .$if(curatorId != null, (q) => q.innerJoin("notebook_curators", "notebook_curators.notebook_id", "notebooks.id").where("notebook_curators.actor_id", "=", curatorId!))
    .selectAll("notebooks")
    .select((eb) =>
      eb
        .selectFrom("notebook_items")
        .select(eb.fn.countAll().as("n"))
        .whereRef("notebook_items.notebook_id", "=", "notebooks.id")
        .as("item_count"),
    )
    .where("notebooks.is_local", "=", 1)
    .where("notebooks.deleted_at", "is", null)
    .orderBy(sql`${orderColumn} desc`)
    .limit(options.limit + 1);
  if (options.cursor) query = query.where(sql<boolean>`${orderColumn} < ${options.cursor}`);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const ids = page.map((r) => r.id);
  const curators = ids.length
    ? await db
        .selectFrom("notebook_curators")
        .innerJoin("actors", "actors.id", "notebook_curators.actor_id")
        .selectAll("actors")
        .select("notebook_curators.notebook_id")
        .where("notebook_curators.notebook_id", "in", ids)
        .orderBy("notebook_curators.position")
        .execute()
    : [];
  return {
    items: page.map(({ item_count, ...notebook }) => ({
      notebook,
      curators: curators.filter((c) => c.notebook_id === notebook.id).map(({ notebook_id: _, ...actor }) => actor),
      itemCount: Number(item_count ?? 0),
    })),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.id : null,
  };
}

/** Live local notebooks that hold a note (by its id URI or page URL). */
export async function notebooksContaining(db: Db, noteUris: readonly string[]): Promise<NotebookRow[]> {
  if (noteUris.length === 0) return [];
  return db
    .selectFrom("notebooks")
    .selectAll("notebooks")
    .where("notebooks.deleted_at", "is", null)
    .where("notebooks.is_local", "=", 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("notebook_items")
          .select("notebook_items.id")
          .whereRef("notebook_items.notebook_id", "=", "notebooks.id")
          .where("notebook_items.note_uri", "in", [...noteUris]),
      ),
    )
    .orderBy("notebooks.title")
    .execute();
}

// ---------------------------------------------------------------- writing

/** The live local notebook `id`, if `actor` may change it (403 otherwise). */
async function curatedNotebook(db: Db, actor: ActorRow, id: string): Promise<NotebookRow> {
  const notebook = await requireNotebook(db, id);
  if (notebook.is_local !== 1) throw new DomainError("forbidden", "Notebooks from other instances are changed where they live");
  if (!(await isCurator(db, notebook.id, actor.id))) throw new DomainError("forbidden", "Only the notebook's curators may change it");
  return notebook;
}

async function touch(db: Db, notebookId: string): Promise<void> {
  await db.updateTable("notebooks").set({ updated_at: isoNow() }).where("id", "=", notebookId).execute();
}

/** A local person (or organization) that can curate: handles are resolved through the directory. */
async function resolveCurator(services: Services, handle: unknown): Promise<ActorRow> {
  if (typeof handle !== "string" || !handle.trim()) throw new DomainError("invalid", 'Give "curator": a local handle');
  const actor = await services.directory.resolve(handle.trim());
  if (!actor) throw new DomainError("not_found", `Nobody found for ${handle}`);
  if (actor.is_local !== 1 || actor.deleted_at != null || (actor.type !== "Person" && actor.type !== "Organization")) {
    throw new DomainError("invalid", "Curators are people or organizations of this instance");
  }
  return actor;
}

export async function createNotebook(services: Services, creator: ActorRow, raw: Raw): Promise<NotebookRow> {
  const input = parseNotebookInput(raw);
  const id = newId();
  const uri = notebookUri(services.config.publicUrl, id);
  const now = isoNow();
  // No intent: an empty collection has nothing to announce; its first Add
  // (or Update) is what followers of the curators receive.
  return services.db.transaction().execute(async (tx) => {
    const notebook = await tx
      .insertInto("notebooks")
      .values({
        id,
        uri,
        is_local: 1,
        url: uri,
        title: input.title,
        summary: input.summary,
        cover_url: input.coverUrl,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.insertInto("notebook_curators").values({ notebook_id: id, actor_id: creator.id, position: 0 }).execute();
    if (input.tags) await replaceNotebookTags(tx, id, input.tags);
    return notebook;
  });
}

export async function updateNotebook(services: Services, actor: ActorRow, id: string, raw: Raw): Promise<NotebookRow> {
  const notebook = await curatedNotebook(services.db, actor, id);
  const input = parseNotebookInput(raw, { title: notebook.title, summary: notebook.summary, coverUrl: notebook.cover_url });
  return services.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable("notebooks")
      .set({ title: input.title, summary: input.summary, cover_url: input.coverUrl, updated_at: isoNow() })
      .where("id", "=", notebook.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.tags) await replaceNotebookTags(tx, notebook.id, input.tags);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
    return updated;
  });
}

/**
 * Deletes a notebook: the row stays as a tombstone (its URL answers 410) and
 * its contents are dropped. No intent exists yet for a notebook's deletion.
 */
export async function deleteNotebook(services: Services, actor: ActorRow, id: string): Promise<void> {
  const notebook = await curatedNotebook(services.db, actor, id);
  await services.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("notebook_items").where("notebook_id", "=", notebook.id).execute();
    await tx.deleteFrom("notebook_sections").where("notebook_id", "=", notebook.id).execute();
    await tx.updateTable("notebooks").set({ deleted_at: isoNow(), updated_at: isoNow() }).where("id", "=", notebook.id).execute();
  });
}

export async function addCurator(services: Services, actor: ActorRow, id: string, handle: unknown): Promise<ActorRow[]> {
  const notebook = await curatedNotebook(services.db, actor, id);
  const curator = await resolveCurator(services, handle);
  const current = await notebookCurators(services.db, notebook.id);
  if (current.some((c) => c.id === curator.id)) return current;
  if (current.length >= NOTEBOOK_LIMITS.curators) throw new DomainError("invalid", `A notebook has at most ${NOTEBOOK_LIMITS.curators} curators`);
  await services.db.transaction().execute(async (tx) => {
    await tx.insertInto("notebook_curators").values({ notebook_id: notebook.id, actor_id: curator.id, position: current.length }).execute();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
  });
  return notebookCurators(services.db, notebook.id);
}

/** Removes a curator (oneself included); the last one stays, so a notebook is never orphaned. */
export async function removeCurator(services: Services, actor: ActorRow, id: string, handle: unknown): Promise<ActorRow[]> {
  const notebook = await curatedNotebook(services.db, actor, id);
  const curator = await resolveCurator(services, handle);
  const current = await notebookCurators(services.db, notebook.id);
  if (!current.some((c) => c.id === curator.id)) throw new DomainError("not_found", "Not a curator of this notebook");
  if (current.length === 1) throw new DomainError("conflict", "A notebook keeps at least one curator");
  await services.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("notebook_curators").where("notebook_id", "=", notebook.id).where("actor_id", "=", curator.id).execute();
    const rest = current.filter((c) => c.id !== curator.id);
    for (const [index, c] of rest.entries()) {
      await tx.updateTable("notebook_curators").set({ position: index }).where("notebook_id", "=", notebook.id).where("actor_id", "=", c.id).execute();
    }
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
  });
  return notebookCurators(services.db, notebook.id);
}

// Sections

async function sectionCount(db: Db, notebookId: string): Promise<number> {
  const row = await db.selectFrom("notebook_sections").select((eb) => eb.fn.countAll().as("n")).where("notebook_id", "=", notebookId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function findSection(db: Db, notebookId: string, sectionId: string): Promise<NotebookSectionRow> {
  const section = await db.selectFrom("notebook_sections").selectAll().where("id", "=", sectionId).where("notebook_id", "=", notebookId).executeTakeFirst();
  if (!section) throw new DomainError("not_found", "No such section in this notebook");
  return section;
}

/** Adds a section at `position` (default: last). */
export async function createSection(services: Services, actor: ActorRow, notebookId: string, raw: Raw): Promise<NotebookSectionRow> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  const title = sectionTitle(raw.title);
  const wanted = position(raw.position);
  const section = await services.db.transaction().execute(async (tx) => {
    const count = await sectionCount(tx, notebook.id);
    if (count >= NOTEBOOK_LIMITS.sections) throw new DomainError("invalid", `A notebook has at most ${NOTEBOOK_LIMITS.sections} sections`);
    const at = Math.min(wanted ?? count, count);
    await tx
      .updateTable("notebook_sections")
      .set((eb) => ({ position: eb("position", "+", 1) }))
      .where("notebook_id", "=", notebook.id)
      .where("position", ">=", at)
      .execute();
    const section = await tx.insertInto("notebook_sections").values({ id: newId(), notebook_id: notebook.id, title, position: at }).returningAll().executeTakeFirstOrThrow();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
    return section;
  });
  return section;
}

/** Renames a section and/or moves it to another position. */
export async function updateSection(services: Services, actor: ActorRow, notebookId: string, sectionId: string, raw: Raw): Promise<NotebookSectionRow> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  const title = "title" in raw ? sectionTitle(raw.title) : undefined;
  const wanted = position(raw.position);
  const section = await services.db.transaction().execute(async (tx) => {
    const section = await findSection(tx, notebook.id, sectionId);
    let at = section.position;
    if (wanted !== undefined && wanted !== section.position) {
      const count = await sectionCount(tx, notebook.id);
      at = Math.min(wanted, count - 1);
      // Close the gap, then open one at the new place.
      await tx
        .updateTable("notebook_sections")
        .set((eb) => ({ position: eb("position", "-", 1) }))
        .where("notebook_id", "=", notebook.id)
        .where("position", ">", section.position)
        .execute();
      await tx
        .updateTable("notebook_sections")
        .set((eb) => ({ position: eb("position", "+", 1) }))
        .where("notebook_id", "=", notebook.id)
        .where("position", ">=", at)
        .where("id", "!=", section.id)
        .execute();
    }
    const updated = await tx
      .updateTable("notebook_sections")
      .set({ title: title ?? section.title, position: at })
      .where("id", "=", section.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
    return updated;
  });
  return section;
}

/** Deletes a section; its items join the end of the "no section" group, in their order. */
export async function deleteSection(services: Services, actor: ActorRow, notebookId: string, sectionId: string): Promise<void> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  await services.db.transaction().execute(async (tx) => {
    const section = await findSection(tx, notebook.id, sectionId);
    const loose = await itemCount(tx, notebook.id, null);
    await tx
      .updateTable("notebook_items")
      .set((eb) => ({ section_id: null, position: eb("position", "+", loose) }))
      .where("notebook_id", "=", notebook.id)
      .where("section_id", "=", section.id)
      .execute();
    await tx.deleteFrom("notebook_sections").where("id", "=", section.id).execute();
    await tx
      .updateTable("notebook_sections")
      .set((eb) => ({ position: eb("position", "-", 1) }))
      .where("notebook_id", "=", notebook.id)
      .where("position", ">", section.position)
      .execute();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
  });
}

// Items

async function itemCount(db: Db, notebookId: string, sectionId: string | null): Promise<number> {
  const row = await db
    .selectFrom("notebook_items")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("notebook_id", "=", notebookId)
    .where((eb) => (sectionId == null ? eb("section_id", "is", null) : eb("section_id", "=", sectionId)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Shifts the items of one section at or after `from` by `delta` (to open or close a gap). */
async function shiftItems(db: Db, notebookId: string, sectionId: string | null, from: number, delta: 1 | -1, exceptId?: string): Promise<void> {
  let query = db
    .updateTable("notebook_items")
    .set((eb) => ({ position: eb("position", delta > 0 ? "+" : "-", 1) }))
    .where("notebook_id", "=", notebookId)
    .where((eb) => (sectionId == null ? eb("section_id", "is", null) : eb("section_id", "=", sectionId)))
    .where("position", ">=", from);
  if (exceptId) query = query.where("id", "!=", exceptId);
  await query.execute();
}

/**
 * What a curator names as a note: a local note's id or URL, or the URL of a
 * note elsewhere (kept as given; it is not fetched). Notes this instance
 * knows must be readable by anyone: a notebook is public.
 */
export async function resolveNoteRef(db: Db, origin: URL, ref: unknown): Promise<string> {
  if (typeof ref !== "string" || !ref.trim()) throw new DomainError("invalid", 'Give "note": a note of this instance (id or URL) or the URL of a note elsewhere');
  const text = ref.trim();
  const url = URL.parse(text);
  let note: NoteRow | undefined;
  if (url == null) {
    note = await db.selectFrom("notes").selectAll().where("id", "=", text).where("is_local", "=", 1).executeTakeFirst();
    if (!note) throw new DomainError("not_found", `No note ${text} on this instance`);
  } else {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new DomainError("invalid", "note must be an http(s) URL");
    if (text.length > NOTEBOOK_LIMITS.url) throw new DomainError("invalid", `note is longer than ${NOTEBOOK_LIMITS.url} characters`);
    note = await db
      .selectFrom("notes")
      .selectAll()
      .where((eb) => eb.or([eb("uri", "=", url.href), eb("url", "=", url.href)]))
      .orderBy("is_local", "desc")
      .executeTakeFirst();
    if (!note && url.origin === origin.origin) throw new DomainError("not_found", `No note at ${url.href}`);
    if (!note) return url.href;
  }
  if (note.deleted_at != null) throw new DomainError("gone", "This note was deleted");
  if (!isPubliclyReadable(note.visibility)) throw new DomainError("invalid", "Only notes anyone may read can go in a notebook");
  return note.uri;
}

async function targetSection(db: Db, notebookId: string, value: unknown): Promise<string | null> {
  if (value == null || value === "") return null;
  if (typeof value !== "string") throw new DomainError("invalid", "section must be a section id or null");
  return (await findSection(db, notebookId, value)).id;
}

/** Adds a note to a notebook, in a section (or none) at a position (default: last). */
export async function addItem(services: Services, actor: ActorRow, notebookId: string, raw: Raw): Promise<NotebookItemRow> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  const noteUri = await resolveNoteRef(services.db, services.config.publicUrl, raw.note);
  const wanted = position(raw.position);
  const item = await services.db.transaction().execute(async (tx) => {
    const sectionId = await targetSection(tx, notebook.id, raw.section);
    if (await tx.selectFrom("notebook_items").select("id").where("notebook_id", "=", notebook.id).where("note_uri", "=", noteUri).executeTakeFirst()) {
      throw new DomainError("conflict", "This note is already in the notebook");
    }
    const total = await tx.selectFrom("notebook_items").select((eb) => eb.fn.countAll().as("n")).where("notebook_id", "=", notebook.id).executeTakeFirstOrThrow();
    if (Number(total.n) >= NOTEBOOK_LIMITS.items) throw new DomainError("invalid", `A notebook holds at most ${NOTEBOOK_LIMITS.items} notes`);
    const count = await itemCount(tx, notebook.id, sectionId);
    const at = Math.min(wanted ?? count, count);
    await shiftItems(tx, notebook.id, sectionId, at, 1);
    const item = await tx
      .insertInto("notebook_items")
      .values({ id: newId(), notebook_id: notebook.id, section_id: sectionId, note_uri: noteUri, position: at, added_by: actor.id, added_at: isoNow() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-item-added", notebookId: notebook.id, noteUri }, tx);
    return item;
  });
  return item;
}

async function findItem(db: Db, notebookId: string, itemId: string): Promise<NotebookItemRow> {
  const item = await db.selectFrom("notebook_items").selectAll().where("id", "=", itemId).where("notebook_id", "=", notebookId).executeTakeFirst();
  if (!item) throw new DomainError("not_found", "No such item in this notebook");
  return item;
}

/** Moves an item to another section (`section`: id or null) and/or position (default: last of a new section, else unchanged). */
export async function moveItem(services: Services, actor: ActorRow, notebookId: string, itemId: string, raw: Raw): Promise<NotebookItemRow> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  const wanted = position(raw.position);
  const item = await services.db.transaction().execute(async (tx) => {
    const item = await findItem(tx, notebook.id, itemId);
    const sectionId = "section" in raw ? await targetSection(tx, notebook.id, raw.section) : item.section_id;
    const sameSection = sectionId === item.section_id;
    if (sameSection && (wanted === undefined || wanted === item.position)) return item;
    await shiftItems(tx, notebook.id, item.section_id, item.position + 1, -1, item.id);
    const count = (await itemCount(tx, notebook.id, sectionId)) - (sameSection ? 1 : 0);
    const at = Math.min(wanted ?? count, count);
    await shiftItems(tx, notebook.id, sectionId, at, 1, item.id);
    const moved = await tx.updateTable("notebook_items").set({ section_id: sectionId, position: at }).where("id", "=", item.id).returningAll().executeTakeFirstOrThrow();
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-updated", notebookId: notebook.id }, tx);
    return moved;
  });
  return item;
}

export async function removeItem(services: Services, actor: ActorRow, notebookId: string, itemId: string): Promise<void> {
  const notebook = await curatedNotebook(services.db, actor, notebookId);
  const item = await services.db.transaction().execute(async (tx) => {
    const item = await findItem(tx, notebook.id, itemId);
    await tx.deleteFrom("notebook_items").where("id", "=", item.id).execute();
    await shiftItems(tx, notebook.id, item.section_id, item.position + 1, -1);
    await touch(tx, notebook.id);
    await services.outbox.send({ type: "notebook-item-removed", notebookId: notebook.id, noteUri: item.note_uri }, tx);
    return item;
  });
}
