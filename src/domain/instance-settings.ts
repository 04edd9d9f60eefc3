// The instance's settings as administrators left them: the environment
// (INSTANCE_NAME, REGISTRATION_MODE…, read by src/config/config.ts) gives the
// defaults, and what an administrator saves from /admin/settings or the API
// is stored in `instance_settings` and wins. Everything a reader sees (page
// titles, about, NodeInfo, the privacy page, sign-up) reads `currentInstance`.
//
// Decision: several web processes share one PostgreSQL database, so a change
// made in one must reach the others. Each process keeps what it read for
// SETTINGS_CACHE_MS, then reads the table again; the process that saved
// forgets its copy at once. A version-counter row would cost one query per
// expiry as well (the few setting rows are as cheap to read as a counter), and
// LISTEN/NOTIFY would need a connection per process and a SQLite twin: the
// expiry is the simplest thing that is correct on both databases.
import type { Kysely } from "kysely";
import { REGISTRATION_MODES, SUPPORTED_LANGUAGES, type InstanceInfo, type Language, type RegistrationMode } from "../config/config.ts";
import type { Database } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { perDatabaseCache } from "./per-database-cache.ts";

/** How long a process trusts its copy: a change made elsewhere shows within this. */
export const SETTINGS_CACHE_MS = 2000;

/** The settings an administrator may change at runtime (the others stay the environment's). */
export const EDITABLE_SETTINGS = ["name", "description", "region", "sector", "languages", "contact", "registrationMode"] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];
export type InstanceOverrides = Partial<Pick<InstanceInfo, EditableSetting>>;

export const SETTING_LIMITS = { name: 100, description: 2000, region: 100, sector: 100, contact: 200 } as const;

/** The environment variable each setting defaults from (shown beside the field). */
export const SETTING_VARIABLES: Record<EditableSetting, string> = {
  name: "INSTANCE_NAME",
  description: "INSTANCE_DESCRIPTION",
  region: "INSTANCE_REGION",
  sector: "INSTANCE_SECTOR",
  languages: "INSTANCE_LANGUAGES",
  contact: "INSTANCE_CONTACT",
  registrationMode: "REGISTRATION_MODE",
};

const isEditable = (name: string): name is EditableSetting => (EDITABLE_SETTINGS as readonly string[]).includes(name);

async function readOverrides(db: Kysely<Database>): Promise<InstanceOverrides> {
  const rows = await db.selectFrom("instance_settings").select(["name", "value"]).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (!isEditable(row.name)) continue;
    try {
      stored[row.name] = JSON.parse(row.value);
    } catch {
      // A row written by hand and broken: the environment's value stands.
    }
  }
  // Stored values went through `validateSettings` when saved; read them back through it too.
  const checked = checkSettings(stored);
  return checked.problems.length === 0 ? checked.settings : pickValid(stored);
}

/** Each stored value that is valid on its own (a broken one falls back to the environment). */
function pickValid(stored: Record<string, unknown>): InstanceOverrides {
  let settings: InstanceOverrides = {};
  for (const name of EDITABLE_SETTINGS) {
    if (!(name in stored)) continue;
    const one = checkSettings({ [name]: stored[name] });
    if (one.problems.length === 0) settings = { ...settings, ...one.settings };
  }
  return settings;
}

const cache = perDatabaseCache(readOverrides, SETTINGS_CACHE_MS);

/** The instance as readers see it now: the environment's defaults, overridden by what administrators saved. */
export async function currentInstance(db: Kysely<Database>, defaults: InstanceInfo, now = Date.now()): Promise<InstanceInfo> {
  return { ...defaults, ...(await cache.get(db, now)) };
}

/** The overridden settings only (what `/admin/settings` marks as changed from the environment). */
export function storedSettings(db: Kysely<Database>, now = Date.now()): Promise<InstanceOverrides> {
  return cache.get(db, now);
}

type Text = string | null;

function optionalText(value: unknown, field: EditableSetting, limit: number, problems: FieldProblem[]): Text | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value !== "string") {
    problems.push({ field, reason: "bad_choice" });
    return undefined;
  }
  const text = (value ?? "").trim();
  if (text.length > limit) problems.push({ field, reason: "too_long", limit });
  return text === "" ? null : text;
}

/**
 * Checks a change (any subset of the editable settings); every problem is
 * reported at once, by field. Empty region, sector and contact mean "none".
 */
export function checkSettings(input: Record<string, unknown>): { settings: InstanceOverrides; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const settings: { -readonly [K in EditableSetting]?: InstanceInfo[K] } = {};
  for (const key of Object.keys(input)) if (!isEditable(key)) problems.push({ field: key, reason: "bad_choice" });

  const name = optionalText(input.name, "name", SETTING_LIMITS.name, problems);
  if (name === null) problems.push({ field: "name", reason: "required" });
  else if (name !== undefined) settings.name = name;
  const description = optionalText(input.description, "description", SETTING_LIMITS.description, problems);
  if (description !== undefined) settings.description = description ?? "";
  const region = optionalText(input.region, "region", SETTING_LIMITS.region, problems);
  if (region !== undefined) settings.region = region;
  const sector = optionalText(input.sector, "sector", SETTING_LIMITS.sector, problems);
  if (sector !== undefined) settings.sector = sector;
  const contact = optionalText(input.contact, "contact", SETTING_LIMITS.contact, problems);
  if (contact != null && !/^[^\s@]+@[^\s@]+$/.test(contact)) problems.push({ field: "contact", reason: "not_email", value: contact });
  else if (contact !== undefined) settings.contact = contact;

  if (input.languages !== undefined) {
    const list = typeof input.languages === "string" ? input.languages.split(",").map((l) => l.trim()).filter(Boolean) : input.languages;
    const valid =
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((l) => (SUPPORTED_LANGUAGES as readonly unknown[]).includes(l)) &&
      new Set(list).size === list.length;
    if (valid) settings.languages = list as Language[];
    else problems.push({ field: "languages", reason: "bad_choice" });
  }
  if (input.registrationMode !== undefined) {
    if ((REGISTRATION_MODES as readonly unknown[]).includes(input.registrationMode)) settings.registrationMode = input.registrationMode as RegistrationMode;
    else problems.push({ field: "registrationMode", reason: "bad_choice" });
  }
  return { settings, problems };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Saves an administrator's change, logs what changed (before and after) in
 * the moderation log, and forgets this process's copy so the next page shows
 * it; other processes see it within SETTINGS_CACHE_MS. A value equal to the
 * environment's default is stored all the same: the administrator chose it,
 * and a later change of the environment will not silently undo it.
 */
export async function saveSettings(db: Kysely<Database>, by: ActorRow, defaults: InstanceInfo, input: Record<string, unknown>): Promise<{ instance: InstanceInfo; changed: EditableSetting[] }> {
  const { settings, problems } = checkSettings(input);
  if (problems.length > 0) throw new DomainError("invalid", `Invalid settings: ${problems.map((p) => `${p.field} (${p.reason})`).join(", ")}`, problems);
  // Read afresh: another process may have saved a moment ago.
  const before: InstanceInfo = { ...defaults, ...(await readOverrides(db)) };
  const changed = EDITABLE_SETTINGS.filter((name) => name in settings && !sameValue(settings[name], before[name]));
  if (changed.length > 0) {
    const at = isoNow();
    await db.transaction().execute(async (tx) => {
      for (const name of changed) {
        const value = JSON.stringify(settings[name] ?? null);
        await tx
          .insertInto("instance_settings")
          .values({ name, value, updated_at: at, updated_by: by.id })
          .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_at: at, updated_by: by.id }))
          .execute();
      }
      const details = Object.fromEntries(changed.map((name) => [name, { from: before[name] ?? null, to: settings[name] ?? null }]));
      await recordModerationAction(tx, { moderatorId: by.id, action: "instance-settings-changed", targetType: "instance", targetUri: "settings", details });
    });
  }
  cache.forget(db);
  return { instance: await currentInstance(db, defaults), changed };
}
