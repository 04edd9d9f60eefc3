// A data folder that looks like a regional instance after a few years: N public
// notes by 50 members, a fifth of them threads of one community with a few
// replies each, tags, and a few unlisted and community-only notes. Rows are
// written directly (in batches) so that 100,000 notes take seconds, not the
// minutes createNote would; the members and the community go through the domain.
import { createFederationRuntime } from "../federation/runtime.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../src/config/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import type { Insertable } from "kysely";
import type { DatabaseHandle } from "../src/db/database.ts";
import type { Database } from "../src/db/schema.ts";
import { createUser } from "../src/domain/accounts.ts";
import { ensureInstanceActor } from "../src/domain/actors.ts";
import { createCommunity } from "../src/domain/communities.ts";
import { newId } from "../src/domain/ids.ts";
import { noteUri } from "../src/domain/paths.ts";

export interface Seeded {
  readonly communityHandle: string;
  /** Path of a public note page in the middle of the data. */
  readonly notePath: string;
  /** Path of a member's actor document. */
  readonly actorPath: string;
}

const MEMBERS = 50;
const BATCH = 500;
const WORDS = ["communs", "jardins", "agriculture", "urbaine", "OpenStreetMap", "Ostrom", "économie", "sociale", "coopérative", "territoire", "savoirs", "entraide"];

export async function seedInstance(database: DatabaseHandle, config: Config, notes: number): Promise<Seeded> {
  const { db } = database;
  await ensureInstanceActor(db, config.publicUrl, config.instance.name);
  const federation = await createFederationRuntime(config, database);
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    members.push((await createUser(db, config.publicUrl, { handle: `membre${i}`, password: "un-mot-de-passe-solide", isAdmin: false })).actor);
  }
  const community = await createCommunity(federation.services, members[0]!, {
    handle: "jardins",
    name: "Jardins collectifs",
    summary: null,
    visibility: "public",
    rules: null,
    languages: ["fr"],
    topics: [],
    postingRestrictedToMods: false,
  });
  await federation.close();

  const start = Date.parse("2023-01-01T00:00:00Z");
  let middle = "";
  for (let from = 0; from < notes; from += BATCH) {
    const noteRows: Insertable<Database["notes"]>[] = [];
    const authorRows: Insertable<Database["note_authors"]>[] = [];
    const tagRows: Insertable<Database["note_tags"]>[] = [];
    const postRows: Insertable<Database["community_posts"]>[] = [];
    for (let i = from; i < Math.min(notes, from + BATCH); i++) {
      const at = new Date(start + i * 60_000).toISOString();
      const id = newId(start + i * 60_000);
      const isThread = i % 5 === 0;
      const parent: string | null = i % 5 === 1 || i % 5 === 2 ? noteRows[noteRows.length - (i % 5)]?.uri ?? null : null;
      const word = WORDS[i % WORDS.length]!;
      const visibility = i % 97 === 0 ? "unlisted" : i % 89 === 0 ? "community" : "public";
      noteRows.push({
        id,
        uri: noteUri(config.publicUrl, id),
        is_local: 1,
        url: null,
        title: parent ? "" : `Note ${i} : ${word} et ${WORDS[(i + 3) % WORDS.length]}`,
        summary: parent ? null : `Ce que nous avons appris sur ${word}.`,
        content_source: `Des **${word}** partagés, semaine ${i}.`,
        content_html: `<p>Des <strong>${word}</strong> partagés, semaine ${i}.</p>`,
        language: "fr",
        category: null,
        license: "https://creativecommons.org/licenses/by-sa/4.0/",
        visibility,
        brought_in_by: null,
        in_reply_to_uri: parent,
        context_uri: null,
        revision: 1,
        published_at: at,
        updated_at: at,
        created_at: at,
        fetched_at: null,
        deleted_at: null,
      });
      authorRows.push({ note_id: id, actor_id: members[i % MEMBERS]!.id, position: 0 });
      if (!parent) tagRows.push({ note_id: id, key: word.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase(), name: word });
      if (isThread || parent) postRows.push({ community_id: community.actor.id, note_id: id, is_thread: isThread ? 1 : 0, created_at: at });
      if (i === Math.floor(notes / 2) && !parent && visibility === "public") middle = id;
      if (!middle && i > notes / 2 && !parent && visibility === "public") middle = id;
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("notes").values(noteRows).execute();
      await tx.insertInto("note_authors").values(authorRows).execute();
      if (tagRows.length) await tx.insertInto("note_tags").values(tagRows).execute();
      if (postRows.length) await tx.insertInto("community_posts").values(postRows).execute();
    });
  }
  return { communityHandle: "jardins", notePath: new URL(noteUri(config.publicUrl, middle)).pathname, actorPath: new URL(members[1]!.uri).pathname };
}

/** A new data folder with a migrated SQLite database seeded with `notes` notes, and the environment a server on `port` reads it with. */
export async function seededSqliteFolder(prefix: string, port: number, notes: number): Promise<{ dataDir: string; origin: string; env: Record<string, string>; seeded: Seeded }> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const origin = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: origin, DATA_DIR: dataDir };
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const database = openDatabase(`sqlite:${join(dataDir, "encommun.sqlite")}`);
  await migrateToLatest(database.db);
  const seeded = await seedInstance(database, loaded.config, notes);
  await database.close();
  return { dataDir, origin, env, seeded };
}
