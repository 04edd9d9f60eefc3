// The lexicon: defined terms (French and English labels, definitions,
// aliases) that notes link to. A term's page is its identity; hashtags only
// approximate it (Mastodon folds accents).
import type { Kysely, Selectable } from "kysely";
import type { TermsTable } from "../db/knowledge-schema.ts";
import type { Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";
import type { Page } from "./follows.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { termUri } from "./paths.ts";
import { tagKey } from "./tags.ts";

export type Term = Selectable<TermsTable>;

export interface TermInput {
  slug?: string;
  labelFr?: string | null;
  labelEn?: string | null;
  definitionFr?: string | null;
  definitionEn?: string | null;
  aliases?: string[];
}

/** A URL-safe, accent-free slug: "Économie sociale" → "economie-sociale". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

export function termLabel(term: Term, language: string): string {
  return (language === "en" ? term.label_en ?? term.label_fr : term.label_fr ?? term.label_en) ?? term.slug;
}

export function termAliases(term: Pick<Term, "aliases">): string[] {
  try {
    const aliases = JSON.parse(term.aliases) as unknown;
    return Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string") : [];
  } catch {
    return [];
  }
}

/** The hashtag text Mastodon will show for a term. */
export function termHashtag(term: Term): string {
  return tagKey(term.label_fr ?? term.label_en ?? term.slug) || term.slug.replace(/-/g, "");
}

function checkInput(input: TermInput, creating: boolean): string[] {
  const problems: string[] = [];
  if (creating && !input.labelFr?.trim() && !input.labelEn?.trim()) problems.push("a French or English label is required");
  for (const [key, max] of [["labelFr", 200], ["labelEn", 200], ["definitionFr", 5000], ["definitionEn", 5000]] as const) {
    const value = input[key];
    if (value != null && (typeof value !== "string" || value.length > max)) problems.push(`${key} must be a text of at most ${max} characters`);
  }
  if (input.aliases != null && (!Array.isArray(input.aliases) || input.aliases.some((a) => typeof a !== "string" || a.length > 200))) {
    problems.push("aliases must be a list of short texts");
  }
  if (input.slug != null && (typeof input.slug !== "string" || slugify(input.slug) !== input.slug || input.slug === "")) {
    problems.push("slug may contain only lower-case letters, digits and dashes");
  }
  return problems;
}

export async function findLocalTerm(db: Kysely<Database>, slug: string): Promise<Term | undefined> {
  return db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("slug", "=", slug).where("deleted_at", "is", null).executeTakeFirst();
}

export async function findTermByUri(db: Kysely<Database>, uri: string): Promise<Term | undefined> {
  return db.selectFrom("terms").selectAll().where("uri", "=", uri).executeTakeFirst();
}

export async function createTerm(db: Kysely<Database>, origin: URL, input: TermInput): Promise<Term> {
  const problems = checkInput(input, true);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  const slug = input.slug ?? slugify((input.labelFr?.trim() || input.labelEn)!);
  if (!slug) throw new DomainError("invalid", "the label needs at least one letter or digit");
  const existing = await db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("slug", "=", slug).executeTakeFirst();
  if (existing && existing.deleted_at == null) throw new DomainError("conflict", `The term "${slug}" already exists`);
  // A deleted term's URL comes back to life with the new definition: notes
  // elsewhere may still point at it, and they mean the same word.
  if (existing) return reviveTerm(db, existing, input);
  const now = isoNow();
  return db
    .insertInto("terms")
    .values({
      id: newId(),
      uri: termUri(origin, slug),
      is_local: 1,
      slug,
      label_fr: input.labelFr?.trim() || null,
      label_en: input.labelEn?.trim() || null,
      definition_fr: input.definitionFr?.trim() || null,
      definition_en: input.definitionEn?.trim() || null,
      aliases: JSON.stringify(input.aliases ?? []),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateTerm(db: Kysely<Database>, term: Term, input: TermInput): Promise<Term> {
  const problems = checkInput({ ...input, slug: undefined }, false);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  const pick = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value?.trim() || null);
  return db
    .updateTable("terms")
    .set({
      label_fr: pick(input.labelFr, term.label_fr),
      label_en: pick(input.labelEn, term.label_en),
      definition_fr: pick(input.definitionFr, term.definition_fr),
      definition_en: pick(input.definitionEn, term.definition_en),
      aliases: input.aliases === undefined ? term.aliases : JSON.stringify(input.aliases),
      updated_at: isoNow(),
    })
    .where("id", "=", term.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function reviveTerm(db: Kysely<Database>, term: Term, input: TermInput): Promise<Term> {
  const revived = { ...term, label_fr: null, label_en: null, definition_fr: null, definition_en: null, aliases: "[]" };
  const updated = await updateTerm(db, revived, { aliases: [], ...input, slug: undefined });
  return db.updateTable("terms").set({ deleted_at: null, created_at: updated.updated_at }).where("id", "=", term.id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Deletes a local term: its page answers 410 and it leaves the lexicon, but
 * notes keep their link to it (their text still uses the word). Only
 * instance admins delete: a term is shared by every note that uses it.
 */
export async function deleteTerm(db: Kysely<Database>, term: Term, by: { isAdmin: boolean }): Promise<void> {
  if (!by.isAdmin) throw new DomainError("forbidden", "Only administrators delete lexicon terms");
  if (term.is_local !== 1) throw new DomainError("forbidden", "Terms from other instances are not part of this lexicon");
  await db.updateTable("terms").set({ deleted_at: isoNow(), updated_at: isoNow() }).where("id", "=", term.id).execute();
}

/** Lower case without accents or punctuation runs, for prefix matching ("Économie" → "economie"). */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Local terms whose French or English label, or one of whose aliases, starts
 * with `prefix` (accents and case ignored); then those with a later word that
 * does. Labels first, then aliases, then by slug. Matching happens here, not
 * in SQL: neither database folds accents the same way, and a lexicon has
 * hundreds of terms, not millions.
 */
export async function searchTerms(db: Kysely<Database>, prefix: string, limit = 20): Promise<Term[]> {
  const wanted = foldForSearch(prefix);
  if (!wanted) return [];
  const scored: { term: Term; score: number }[] = [];
  for (const term of await listTerms(db)) {
    const labels = [term.label_fr, term.label_en].filter((l): l is string => l != null).map(foldForSearch);
    const aliases = termAliases(term).map(foldForSearch);
    const words = [...labels, ...aliases].flatMap((t) => t.split(" ").slice(1).map((_, i, all) => all.slice(i).join(" ")));
    const score = labels.some((l) => l.startsWith(wanted)) ? 0 : aliases.some((a) => a.startsWith(wanted)) ? 1 : words.some((w) => w.startsWith(wanted)) ? 2 : -1;
    if (score >= 0) scored.push({ term, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.term.slug.localeCompare(b.term.slug))
    .slice(0, limit)
    .map((s) => s.term);
}

export async function listTerms(db: Kysely<Database>): Promise<Term[]> {
  return db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("deleted_at", "is", null).orderBy("slug").execute();
}

/**
 * One page of the lexicon, by slug; `cursor` is the last slug of the previous
 * page. The partial index terms_local_slug_unique is the order, so a page
 * reads its own rows and no more (test/db/term-list-query-plans.test.ts).
 */
export async function listTermsPage(db: Kysely<Database>, options: { limit: number; cursor?: string | null }): Promise<Page<Term>> {
  let query = db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("deleted_at", "is", null).orderBy("slug").limit(options.limit + 1);
  if (options.cursor) query = query.where("slug", ">", options.cursor);
  const rows = await query.execute();
  const items = rows.slice(0, options.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? last.slug : null };
}

/**
 * Term ids for what a note names: a local slug, a local term URL, or a remote
 * term URL (kept as a reference; its labels come from the note that used it).
 */
export async function findOrCreateTermRefs(db: Kysely<Database>, origin: URL, refs: readonly string[], labels: ReadonlyMap<string, string> = new Map()): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    let term: Term | undefined;
    if (/^https?:\/\//.test(ref)) {
      term = await findTermByUri(db, ref);
      if (!term && new URL(ref).origin === origin.origin) throw new DomainError("invalid", `terms: no term at ${ref}`, [{ field: "terms", reason: "unknown_term", value: ref }]);
      if (!term) {
        const now = isoNow();
        const label = labels.get(ref) ?? decodeURIComponent(new URL(ref).pathname.split("/").filter(Boolean).pop() ?? ref);
        term = await db
          .insertInto("terms")
          .values({ id: newId(), uri: ref, is_local: 0, slug: slugify(label) || "term", label_fr: label, created_at: now, updated_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
    } else {
      term = await findLocalTerm(db, ref);
      if (!term) throw new DomainError("invalid", `terms: no term "${ref}" in the lexicon`, [{ field: "terms", reason: "unknown_term", value: ref }]);
    }
    if (!ids.includes(term.id)) ids.push(term.id);
  }
  return ids;
}

export interface RemoteTermData {
  uri: string;
  labelFr: string | null;
  labelEn: string | null;
  definitionFr: string | null;
  definitionEn: string | null;
}

/** Keeps (or refreshes) a term of another instance's lexicon, as its page describes it. */
export async function upsertRemoteTerm(db: Kysely<Database>, data: RemoteTermData): Promise<Term> {
  const existing = await findTermByUri(db, data.uri);
  const now = isoNow();
  const values = {
    label_fr: data.labelFr,
    label_en: data.labelEn,
    definition_fr: data.definitionFr,
    definition_en: data.definitionEn,
    updated_at: now,
  };
  if (existing) {
    if (existing.is_local === 1) return existing;
    return db.updateTable("terms").set(values).where("id", "=", existing.id).returningAll().executeTakeFirstOrThrow();
  }
  const slug = slugify(data.labelFr ?? data.labelEn ?? new URL(data.uri).pathname.split("/").filter(Boolean).pop() ?? "") || "term";
  return db
    .insertInto("terms")
    .values({ id: newId(), uri: data.uri, is_local: 0, slug, created_at: now, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}
