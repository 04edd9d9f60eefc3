// Interest tags and Québec regions (issue 13, "Interest tags and the map of
// who does what"; docs/DISCOVERY.md):
// - `actor_interests`: the interest tags of people, organizations and
//   communities, one row per tag, keyed like hashtags (src/domain/tags.ts) so
//   they share one vocabulary with note tags; `(key, actor_id)` is the find
//   view's order (test/db/interest-query-plans.test.ts). The profile's JSON
//   keeps the spelling shown; this table is what is searched.
// - `notebook_tags`: a notebook's tags, the same way.
// (A result's notebooks are counted by curator through `notebook_curators_actor_idx`, made by the
// web-home migration of the same day.)
// - `actors.region`: a Québec administrative region's official number
//   ("01" … "17"), or null; `actors.latitude` / `actors.longitude`: a point
//   the member or organization chose to give. Whether others see any of it
//   is `actors.profile_details_public` (docs/PRIVACY.md).
// Existing interests and regions are carried over from the profile's JSON.
import { type Kysely } from "kysely";

/** The 17 regions' names, as the profile's free text may have held them (src/domain/regions.ts has the table). */
const REGION_NAMES: readonly string[] = [
  "bas-saint-laurent", "saguenay-lac-saint-jean", "capitale-nationale", "mauricie", "estrie", "montreal", "outaouais",
  "abitibi-temiscamingue", "cote-nord", "nord-du-quebec", "gaspesie-iles-de-la-madeleine", "chaudiere-appalaches",
  "laval", "lanaudiere", "laurentides", "monteregie", "centre-du-quebec",
];

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function regionCode(text: unknown): string | null {
  if (typeof text !== "string") return null;
  const key = fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const index = REGION_NAMES.indexOf(key);
  return index < 0 ? null : String(index + 1).padStart(2, "0");
}

function tagKey(name: string): string {
  return fold(name.replace(/^#/, "")).replace(/[^\p{L}\p{N}_]/gu, "");
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("actors").addColumn("region", "text").execute();
  await db.schema.alterTable("actors").addColumn("latitude", "double precision").execute();
  await db.schema.alterTable("actors").addColumn("longitude", "double precision").execute();
  await db.schema
    .createTable("actor_interests")
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("actor_interests_pk", ["actor_id", "key"])
    .execute();
  await db.schema.createIndex("actor_interests_key_actor_idx").on("actor_interests").columns(["key", "actor_id"]).execute();
  await db.schema
    .createTable("notebook_tags")
    .addColumn("notebook_id", "text", (c) => c.notNull().references("notebooks.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notebook_tags_pk", ["notebook_id", "key"])
    .execute();
  await db.schema.createIndex("notebook_tags_key_notebook_idx").on("notebook_tags").columns(["key", "notebook_id"]).execute();

  const rows = await db.selectFrom("actors").select(["id", "profile_fields"]).where("profile_fields", "!=", "{}").execute();
  for (const row of rows as { id: string; profile_fields: string }[]) {
    let fields: { interests?: unknown; region?: unknown };
    try {
      fields = JSON.parse(row.profile_fields) as typeof fields;
    } catch {
      continue;
    }
    const seen = new Map<string, string>();
    for (const name of Array.isArray(fields.interests) ? fields.interests : []) {
      if (typeof name !== "string") continue;
      const key = tagKey(name.trim());
      if (key && !seen.has(key)) seen.set(key, name.trim().replace(/^#/, ""));
    }
    if (seen.size > 0) await db.insertInto("actor_interests").values([...seen].map(([key, name]) => ({ actor_id: row.id, key, name }))).execute();
    const region = regionCode(fields.region);
    if (region) await db.updateTable("actors").set({ region }).where("id", "=", row.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notebook_tags").execute();
  await db.schema.dropTable("actor_interests").execute();
  await db.schema.alterTable("actors").dropColumn("longitude").execute();
  await db.schema.alterTable("actors").dropColumn("latitude").execute();
  await db.schema.alterTable("actors").dropColumn("region").execute();
}
