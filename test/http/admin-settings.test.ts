// /admin/settings edits the instance's settings: the form shows the values in
// force with the environment's defaults, refuses bad input with French
// sentences on marked fields, saves with a notice, and every reader a visitor
// meets (page title and header, about, privacy page, sign-up, NodeInfo)
// follows at once. The admin link is in the header for administrators only.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { ensureInstanceActor } from "../../src/domain/actors.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { callApi } from "../helpers/api-client.ts";
import { createApp } from "../../src/http/app.ts";
import type { FederationRuntime } from "../../src/runtime.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let database: DatabaseHandle;
let runtime: FederationRuntime;
let app: ReturnType<typeof createApp>;
let config: Config;
let admin: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  const result = loadConfig({ PUBLIC_URL: "https://laurentides.example", INSTANCE_NAME: "En commun Laurentides", INSTANCE_CONTACT: "admin@laurentides.example", REGISTRATION_MODE: "closed" });
  if (!result.ok) throw new Error(result.problems.join());
  config = result.config;
  database = openDatabase("sqlite::memory:");
  await migrateToLatest(database.db);
  runtime = await createFederationRuntime(config, database);
  await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
  app = createApp(runtime.services, { federation: runtime.middleware });
  admin = (await createUser(database.db, config.publicUrl, { handle: "ada", password: PASSWORD, isAdmin: true })).actor;
  bob = (await createUser(database.db, config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false })).actor;
});

afterEach(async () => {
  await runtime.close();
  await database.close();
});

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

const FORM = { name: "Laurentides en commun", description: "Les savoirs des organismes des Laurentides.", region: "Laurentides", sector: "", languages: "fr,en", contact: "bonjour@laurentides.example", registrationMode: "open" };

async function nodeInfo() {
  return (await app.request("https://laurentides.example/nodeinfo/2.1")).json();
}

describe("the instance's settings from /admin/settings", () => {
  it("saves with a notice, and the header, titles, about, privacy page, sign-up and NodeInfo follow at once; logged", async () => {
    const visitor = new Browser(app);
    expect((await visitor.get("/signup")).res.status).toBe(403);
    expect((await nodeInfo()).metadata.nodeName).toBe("En commun Laurentides");

    const browser = await signedIn(admin);
    const form = await browser.get("/admin/settings");
    expect(form.page).toContain('name="name" type="text" value="En commun Laurentides"');
    expect(form.page).toContain("<code>INSTANCE_NAME</code>");
    const saved = await browser.post("/admin/settings", FORM);
    expect(saved.res.status).toBe(303);
    const after = await browser.get(saved.res.headers.get("location")!);
    expect(after.page).toContain("Réglages enregistrés");
    expect(after.page).toContain('value="Laurentides en commun"');

    const about = await visitor.get("/about");
    expect(about.page).toContain("<title>À propos de la plateforme Laurentides en commun · Laurentides en commun</title>");
    expect(about.page).toContain('<a class="brand" href="/">Laurentides en commun</a>');
    expect(about.page).toContain("Les savoirs des organismes des Laurentides.");
    expect(about.page).toContain("bonjour@laurentides.example");
    expect(about.page).not.toContain("En commun Laurentides");
    expect((await visitor.get("/privacy")).page).toContain("bonjour@laurentides.example");
    // Registrations are open now: the form, and the header's link to it.
    const signup = await visitor.get("/signup");
    expect(signup.res.status).toBe(200);
    expect(signup.page).toContain("Votre compte sur Laurentides en commun");
    expect(signup.page).toContain('href="/signup"');
    const info = await nodeInfo();
    expect(info).toMatchObject({ openRegistrations: true, metadata: { nodeName: "Laurentides en commun", nodeDescription: "Les savoirs des organismes des Laurentides.", registrationMode: "open", contact: "bonjour@laurentides.example" } });

    const [entry] = await moderationLog(database.db);
    expect(entry).toMatchObject({ moderatorId: admin.id, action: "instance-settings-changed" });
    expect(Object.keys(entry!.details).sort()).toEqual(["contact", "description", "name", "region", "registrationMode"]);
  });

  it("refuses bad input with a French sentence on each marked field, keeps what was typed, and saves nothing", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/settings");
    const { res, page } = await browser.post("/admin/settings", { ...FORM, name: "", contact: "pas-une-adresse", languages: "de" });
    expect(res.status).toBe(400);
    expect(page).toContain("3 point(s) à corriger");
    expect(page).toMatch(/id="field-name" aria-invalid="true"/);
    expect(page).toMatch(/id="field-contact" aria-invalid="true"/);
    expect(page).toMatch(/id="field-languages" aria-invalid="true"/);
    expect(page).toContain("« pas-une-adresse » n&#39;est pas une adresse courriel");
    expect(page).toContain("Les savoirs des organismes des Laurentides.</textarea>");
    expect((await nodeInfo()).metadata.nodeName).toBe("En commun Laurentides");
    expect(await moderationLog(database.db)).toEqual([]);
  });

  it("shows the admin link in the header to administrators only", async () => {
    expect((await (await signedIn(admin)).get("/")).page).toContain('<a href="/admin">Administration</a>');
    expect((await (await signedIn(bob)).get("/")).page).not.toContain('href="/admin"');
    expect((await new Browser(app).get("/")).page).not.toContain('href="/admin"');
  });

  it("offers the same through the API, for administrators only", async () => {
    const api = (token: string, method: string, body?: unknown) => callApi({ request: (path, init) => app.request(`https://laurentides.example${path}`, init) }, token, method, "/admin/settings", body);
    expect((await api(await createApiToken(database.db, bob.id, "t"), "GET")).status).toBe(403);
    const token = await createApiToken(database.db, admin.id, "t");
    expect((await api(token, "PATCH", { registrationMode: "anyone" })).status).toBe(400);
    const ok = await api(token, "PATCH", { registrationMode: "approval", languages: ["en", "fr"] });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ name: "En commun Laurentides", registrationMode: "approval", languages: ["en", "fr"], defaults: { registrationMode: "closed" } });
    expect(ok.json.overridden.sort()).toEqual(["languages", "registrationMode"]);
    expect((await api(token, "GET")).json.registrationMode).toBe("approval");
    expect((await nodeInfo()).metadata.registrationMode).toBe("approval");
  });
});
