// Instance settings: the environment gives the defaults, what an
// administrator saves wins, every problem is reported by field, each change is
// in the moderation log, and a change made through one process reaches the
// others on the same database within seconds.
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { currentInstance, saveSettings, SETTINGS_CACHE_MS, storedSettings } from "../../src/domain/instance-settings.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createPostgresDatabase } from "../helpers/databases.ts";
import { testConfig } from "../helpers/services.ts";
import { waitFor } from "../harness/harness.ts";
import { DATABASES, useServices } from "./on-databases.ts";

const defaults = testConfig({ INSTANCE_NAME: "En commun Laurentides", INSTANCE_REGION: "Laurentides", REGISTRATION_MODE: "invitation" }).instance;

describe.each(DATABASES)("instance settings on $name", ({ open }) => {
  const current = useServices(open);

  it("are the environment's until an administrator saves, then theirs, and each change is logged with before and after", async () => {
    const { db, config } = current();
    const admin = (await createUser(db, config.publicUrl, { handle: "ada", password: "correct horse battery", isAdmin: true })).actor;
    expect(await currentInstance(db, defaults)).toEqual(defaults);

    const saved = await saveSettings(db, admin, defaults, { name: "  Laurentides en commun ", sector: "arts et culture", languages: "en,fr", contact: "", registrationMode: "approval", region: "Laurentides" });
    // The region is unchanged: not stored, not logged.
    expect(saved.changed.sort()).toEqual(["languages", "name", "registrationMode", "sector"]);
    expect(saved.instance).toMatchObject({ name: "Laurentides en commun", sector: "arts et culture", languages: ["en", "fr"], contact: null, registrationMode: "approval", region: "Laurentides" });
    // The process that saved sees it at once.
    expect(await currentInstance(db, defaults)).toEqual(saved.instance);
    expect(Object.keys(await storedSettings(db)).sort()).toEqual(["languages", "name", "registrationMode", "sector"]);

    const [entry] = await moderationLog(db);
    expect(entry).toMatchObject({ moderatorId: admin.id, action: "instance-settings-changed", targetType: "instance" });
    expect(entry!.details).toMatchObject({ name: { from: "En commun Laurentides", to: "Laurentides en commun" }, registrationMode: { from: "invitation", to: "approval" } });

    // Saving the same again changes and logs nothing.
    expect((await saveSettings(db, admin, defaults, { name: "Laurentides en commun" })).changed).toEqual([]);
    expect(await moderationLog(db)).toHaveLength(1);
  });

  it("refuse a change with every problem named by field, and save nothing", async () => {
    const { db, config } = current();
    const admin = (await createUser(db, config.publicUrl, { handle: "ada", password: "correct horse battery", isAdmin: true })).actor;
    const refused = await saveSettings(db, admin, defaults, { name: " ", description: "x".repeat(2001), languages: ["fr", "fr"], contact: "pas une adresse", registrationMode: "anyone", color: "red" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("invalid");
    expect((refused as DomainError).fields.map((f) => [f.field, f.reason]).sort()).toEqual([
      ["color", "bad_choice"],
      ["contact", "not_email"],
      ["description", "too_long"],
      ["languages", "bad_choice"],
      ["name", "required"],
      ["registrationMode", "bad_choice"],
    ]);
    expect(await currentInstance(db, defaults)).toEqual(defaults);
    expect(await moderationLog(db)).toEqual([]);
  });
});

describe("instance settings across processes", () => {
  it("reach another process on the same PostgreSQL database within seconds", async () => {
    const { url, drop } = await createPostgresDatabase();
    const first = openDatabase(url);
    const second = openDatabase(url);
    try {
      await migrateToLatest(first.db);
      const admin = (await createUser(first.db, new URL("https://test.example"), { handle: "ada", password: "correct horse battery", isAdmin: true })).actor;
      // The second process has read (and cached) the settings before the change.
      expect((await currentInstance(second.db, defaults)).name).toBe("En commun Laurentides");
      const savedAt = Date.now();
      await saveSettings(first.db, admin, defaults, { name: "Basses-Laurentides", registrationMode: "open" });
      const seen = await waitFor(async () => {
        const instance = await currentInstance(second.db, defaults);
        return instance.name === "Basses-Laurentides" ? instance : null;
      }, { timeout: 10_000, message: "the second process to see the new name" });
      expect(seen.registrationMode).toBe("open");
      // Within the cache's lifetime (plus the time a query takes on a busy machine).
      expect(Date.now() - savedAt).toBeLessThan(SETTINGS_CACHE_MS + 3000);
    } finally {
      await first.close();
      await second.close();
      await drop();
    }
  });
});
