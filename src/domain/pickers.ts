// What the writing forms suggest while typing (HTML <datalist>, no script):
// existing terms, organizations, people and notebooks, so that a member picks
// rather than remembers a spelling. Each list is bounded: a suggestion list is
// a help, not a directory.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { termLabel } from "./terms.ts";

type Db = Kysely<Database>;

/** One suggestion: what goes into the field, and what the person reads beside it. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** How many suggestions a field offers at most. */
export const CHOICES_MAX = 200;

/** The lexicon's terms, by their slug (what the note form takes). */
export async function termChoices(db: Db, language: string): Promise<Choice[]> {
  const rows = await db.selectFrom("terms").selectAll().where("is_local", "=", 1).where("deleted_at", "is", null).orderBy("slug").limit(CHOICES_MAX).execute();
  return rows.map((t) => ({ value: t.slug, label: termLabel(t, language) })).sort((a, b) => a.label.localeCompare(b.label, language));
}

/** The member's organizations first, then the others of this instance, as `@handle`. */
export async function organizationChoices(db: Db, memberId: string): Promise<Choice[]> {
  const rows = await db
    .selectFrom("actors")
    .leftJoin("organization_members", (join) => join.onRef("organization_members.organization_id", "=", "actors.id").on("organization_members.member_id", "=", memberId))
    .select(["actors.username", "actors.name", "organization_members.member_id"])
    .where("actors.type", "=", "Organization")
    .where("actors.is_local", "=", 1)
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .limit(CHOICES_MAX)
    .execute();
  const mine = rows.filter((r) => r.member_id != null);
  const others = rows.filter((r) => r.member_id == null);
  return [...mine, ...others].map((r) => ({ value: `@${r.username}`, label: r.name?.trim() || r.username }));
}

/** Possible co-authors: the people the member follows (anywhere), then the people of this instance. */
export async function authorChoices(db: Db, memberId: string, host: string): Promise<Choice[]> {
  const followed = await db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.following_id")
    .select(["actors.username", "actors.domain", "actors.name", "actors.is_local"])
    .where("follows.follower_id", "=", memberId)
    .where("follows.status", "=", "accepted")
    .where("actors.type", "=", "Person")
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .limit(CHOICES_MAX)
    .execute();
  const local = await db
    .selectFrom("actors")
    .select(["username", "domain", "name", "is_local"])
    .where("type", "=", "Person")
    .where("is_local", "=", 1)
    .where("id", "!=", memberId)
    .where("deleted_at", "is", null)
    .orderBy("username_key")
    .limit(CHOICES_MAX)
    .execute();
  const seen = new Set<string>();
  const choices: Choice[] = [];
  for (const a of [...followed, ...local]) {
    const value = a.is_local === 1 || a.domain === host ? `@${a.username}` : `@${a.username}@${a.domain}`;
    if (seen.has(value)) continue;
    seen.add(value);
    choices.push({ value, label: a.name?.trim() || a.username });
  }
  return choices.slice(0, CHOICES_MAX);
}

/** The live local notebooks the member curates, by title. */
export async function notebookChoices(db: Db, memberId: string): Promise<{ id: string; title: string }[]> {
  return db
    .selectFrom("notebooks")
    .innerJoin("notebook_curators", "notebook_curators.notebook_id", "notebooks.id")
    .select(["notebooks.id", "notebooks.title"])
    .where("notebook_curators.actor_id", "=", memberId)
    .where("notebooks.is_local", "=", 1)
    .where("notebooks.deleted_at", "is", null)
    .orderBy("notebooks.title")
    .limit(CHOICES_MAX)
    .execute();
}
