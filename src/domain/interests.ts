// Interest tags: what people, organizations, communities and notebooks say
// they work on. One vocabulary with note tags and lexicon terms: every tag is
// keyed like a hashtag (tags.ts), so #Agroécologie on a note, "agroécologie"
// on a profile and the term "Agroécologie" meet on the key "agroecologie".
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { DomainError } from "./errors.ts";
import { normalizeTags, tagKey } from "./tags.ts";
import { perDatabaseCache } from "./per-database-cache.ts";

type Db = Kysely<Database> | Transaction<Database>;

export const INTEREST_LIMITS = { count: 20, length: 50 } as const;

/** Reads a list of interest tags from untrusted input (an array, or a comma-separated text); every problem at once. */
export function interestsFrom(value: unknown, field = "interests"): { key: string; name: string }[] {
  const names = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n.trim().length > INTEREST_LIMITS.length)) {
    throw new DomainError("invalid", `${field} must be a list of short texts (at most ${INTEREST_LIMITS.length} characters each)`, [
      { field, reason: "too_long", limit: INTEREST_LIMITS.length },
    ]);
  }
  const tags = normalizeTags(names as string[]);
  if (tags.length > INTEREST_LIMITS.count) {
    throw new DomainError("invalid", `${field} may hold at most ${INTEREST_LIMITS.count} tags`, [{ field, reason: "too_many", limit: INTEREST_LIMITS.count }]);
  }
  return tags;
}

/** Replaces an actor's interest rows (people, organizations, communities; local or remote). */
export async function replaceActorInterests(db: Db, actorId: string, names: readonly string[]): Promise<void> {
  const tags = normalizeTags(names).slice(0, INTEREST_LIMITS.count);
  await db.deleteFrom("actor_interests").where("actor_id", "=", actorId).execute();
  if (tags.length > 0) await db.insertInto("actor_interests").values(tags.map((t) => ({ actor_id: actorId, key: t.key, name: t.name }))).execute();
}

/** Replaces a notebook's tags. */
export async function replaceNotebookTags(db: Db, notebookId: string, tags: readonly { key: string; name: string }[]): Promise<void> {
  await db.deleteFrom("notebook_tags").where("notebook_id", "=", notebookId).execute();
  if (tags.length > 0) await db.insertInto("notebook_tags").values(tags.map((t) => ({ notebook_id: notebookId, key: t.key, name: t.name }))).execute();
}

export async function notebookTags(db: Db, notebookId: string): Promise<string[]> {
  const rows = await db.selectFrom("notebook_tags").select("name").where("notebook_id", "=", notebookId).orderBy("key").execute();
  return rows.map((r) => r.name);
}

/** The keys of what someone typed in the find box: "agriculture urbaine, #Communs" → two keys. */
export function interestKeys(text: string | readonly string[]): string[] {
  const parts = typeof text === "string" ? text.split(",") : text;
  return [...new Set(parts.map((p) => tagKey(p.trim().replace(/\s+/g, "_"))).filter(Boolean))].slice(0, 5);
}

export const SUGGESTION_LIMIT = 300;

/**
 * The shared vocabulary, for the forms' `<datalist>` (suggested while
 * typing, no script): the tags people, organizations and communities chose
 * (public ones only), note tags, notebook tags and lexicon terms' labels.
 * Each source is read in its key index's order up to the limit, so the cost
 * stays bounded however large the instance grows; the list is sorted by key.
 */
export function interestSuggestions(db: Kysely<Database>): Promise<string[]> {
  return suggestionsCache.get(db);
}

/**
 * Each form view would otherwise read the vocabulary again (~0.8 s with 50,000
 * actors' interests, docs/DISCOVERY.md): it is kept five minutes per process,
 * which only delays a new tag's appearance among the suggestions.
 */
const suggestionsCache = perDatabaseCache((db) => readSuggestions(db), 5 * 60_000);

async function readSuggestions(db: Kysely<Database>, limit = SUGGESTION_LIMIT): Promise<string[]> {
  const byKey = new Map<string, string>();
  const add = (rows: readonly { key: string; name: string }[]) => {
    for (const row of rows) if (!byKey.has(row.key)) byKey.set(row.key, row.name.replace(/_/g, " "));
  };
  add(await sql<{ key: string; name: string }>`SELECT i.key, min(i.name) AS name FROM actor_interests i
      WHERE EXISTS (SELECT 1 FROM actors a WHERE a.id = i.actor_id AND a.profile_details_public = 1 AND a.deleted_at IS NULL)
      GROUP BY i.key ORDER BY i.key LIMIT ${limit}`.execute(db).then((r) => r.rows));
  add(await sql<{ key: string; name: string }>`SELECT t.key, min(t.name) AS name FROM note_tags t
      WHERE EXISTS (SELECT 1 FROM notes n WHERE n.id = t.note_id AND n.visibility = 'public' AND n.deleted_at IS NULL)
      GROUP BY t.key ORDER BY t.key LIMIT ${limit}`.execute(db).then((r) => r.rows));
  add(await sql<{ key: string; name: string }>`SELECT t.key, min(t.name) AS name FROM notebook_tags t
      WHERE EXISTS (SELECT 1 FROM notebooks n WHERE n.id = t.notebook_id AND n.deleted_at IS NULL)
      GROUP BY t.key ORDER BY t.key LIMIT ${limit}`.execute(db).then((r) => r.rows));
  const terms = await db.selectFrom("terms").select(["slug", "label_fr", "label_en"]).where("deleted_at", "is", null).orderBy("slug").limit(limit).execute();
  for (const term of terms) {
    const label = term.label_fr ?? term.label_en;
    if (label && tagKey(label)) add([{ key: tagKey(label), name: label }]);
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit).map(([, name]) => name);
}
