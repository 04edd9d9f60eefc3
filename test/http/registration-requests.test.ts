// Registration by approval: a sign-up is a request with the applicant's
// reason to join; nothing exists until an administrator approves it in
// /admin/registrations (or the API); the applicant is told what happens next,
// signs in only once approved, and reads the reason of a refusal. Floods of
// requests from one address are slowed down as sign-ups are.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findLocalActor } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { listRegistrationRequests } from "../../src/domain/registration-requests.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { SIGNUPS_PER_ADDRESS } from "../../src/http/signup-throttle.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
const HERS = "un jardin bien arrosé";
let services: TestServices;
let app: Hono<AppEnv>;
let admin: ActorRow;

beforeEach(async () => {
  services = await testServices({ REGISTRATION_MODE: "approval" });
  app = createApp(services);
  admin = (await createUser(services.db, services.config.publicUrl, { handle: "ada", password: PASSWORD, isAdmin: true })).actor;
});
afterEach(() => services.close());

const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

async function apply(handle: string, answer = "J'anime un jardin collectif à Saint-Jérôme.", address = "192.0.2.10") {
  const browser = new Browser(app);
  return browser.post("/signup", { handle, password: HERS, answer }, { csrf: false, env: from(address) });
}

async function signIn(handle: string, password = HERS) {
  return new Browser(app).post("/signin", { handle, password }, { csrf: false });
}

async function adminBrowser(): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn("ada", PASSWORD);
  return browser;
}

describe("registration by approval", () => {
  it("holds a sign-up as a request, tells the applicant what happens next, and lets them in once approved", async () => {
    const form = await new Browser(app).get("/signup");
    expect(form.page).toContain("Demander un compte");
    expect(form.page).toContain('name="answer"');
    // The header offers the request form to visitors.
    expect(form.page).toContain('<a class="signup" href="/signup">');

    const sent = await apply("carole");
    expect(sent.res.status).toBe(200);
    expect(sent.page).toContain("Demande envoyée");
    expect(sent.page).toContain("Dès qu&#39;elle est acceptée, vous pourrez vous connecter");
    // Nothing exists in the network yet.
    expect(await findLocalActor(services.db, services.config.publicUrl, "carole")).toBeUndefined();

    const waiting = await signIn("carole");
    expect(waiting.res.status).toBe(403);
    expect(waiting.page).toContain("attend encore la décision");
    // A wrong password learns nothing about the request.
    expect((await signIn("carole", "pas le bon mot de passe")).page).not.toContain("attend encore");

    const browser = await adminBrowser();
    const list = await browser.get("/admin/registrations");
    expect(list.page).toContain("@carole");
    expect(list.page).toContain("J&#39;anime un jardin collectif à Saint-Jérôme.");
    expect((await browser.get("/admin")).page).toContain("1 demande(s) d&#39;inscription en attente");
    const [request] = await listRegistrationRequests(services.db);
    const approved = await browser.post(`/admin/registrations/${request!.id}/approve`, {});
    expect(approved.res.status).toBe(303);
    expect((await browser.get(approved.res.headers.get("location")!)).page).toContain("Demande acceptée");

    const welcome = await signIn("carole");
    expect(welcome.res.status).toBe(303);
    expect(await findLocalActor(services.db, services.config.publicUrl, "carole")).toBeDefined();
    expect((await moderationLog(services.db))[0]).toMatchObject({ moderatorId: admin.id, action: "registration-approved" });
  });

  it("refuses after a red confirmation step, and the applicant reads the reason when signing in", async () => {
    await apply("dany");
    const [request] = await listRegistrationRequests(services.db);
    const browser = await adminBrowser();
    await browser.get("/admin/registrations");
    const ask = await browser.post(`/admin/registrations/${request!.id}/refuse`, { reason: "Plateforme réservée aux organismes" });
    expect(ask.res.status).toBe(200);
    expect(ask.page).toContain("Refuser cette demande d&#39;inscription?");
    expect(ask.page).toContain('class="danger"');
    expect((await listRegistrationRequests(services.db))).toHaveLength(1);
    const refused = await browser.post(`/admin/registrations/${request!.id}/refuse`, { reason: "Plateforme réservée aux organismes", confirmed: "1" });
    expect(refused.res.status).toBe(303);
    const told = await signIn("dany");
    expect(told.res.status).toBe(403);
    expect(told.page).toContain("Raison donnée : Plateforme réservée aux organismes");
    // Deciding twice is refused in French.
    const again = await browser.post(`/admin/registrations/${request!.id}/approve`, {});
    expect(again.res.status).toBe(409);
    expect(again.page).toContain("Cette demande a déjà été traitée");
    expect(await findLocalActor(services.db, services.config.publicUrl, "dany")).toBeUndefined();
  });

  it("needs an answer, holds the handle while pending, and keeps what was typed", async () => {
    const empty = await apply("emma", "  ");
    expect(empty.res.status).toBe(400);
    expect(empty.page).toMatch(/id="field-answer" aria-invalid="true"/);
    expect(empty.page).toContain("Dites en quelques mots pourquoi");
    expect(empty.page).toContain('value="emma"');
    await apply("emma");
    const taken = await apply("Emma", "Moi aussi", "192.0.2.11");
    expect(taken.res.status).toBe(409);
    expect(taken.page).toMatch(/id="field-handle" aria-invalid="true"/);
    expect(taken.page).toContain("Moi aussi</textarea>");
  });

  it("slows down a flood of requests from one address, not from the others", async () => {
    for (let i = 0; i < SIGNUPS_PER_ADDRESS.max; i++) expect((await apply(`flot${i}`)).res.status).toBe(200);
    const refused = await apply("flot-encore");
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.page).toContain("Trop d&#39;inscriptions depuis votre adresse réseau");
    expect((await apply("ailleurs", "Bonjour", "192.0.2.99")).res.status).toBe(200);
    expect(await listRegistrationRequests(services.db)).toHaveLength(SIGNUPS_PER_ADDRESS.max + 1);
  });

  it("offers the same through the API, for administrators only", async () => {
    await apply("fred");
    await apply("gaby", "Pour partager nos fiches", "192.0.2.12");
    const member = (await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false })).actor;
    const memberToken = await createApiToken(services.db, member.id, "t");
    const token = await createApiToken(services.db, admin.id, "t");
    expect((await callApi(app, memberToken, "GET", "/admin/registrations")).status).toBe(403);
    const listed = await callApi(app, token, "GET", "/admin/registrations");
    expect(listed.json.items.map((r: { handle: string }) => r.handle)).toEqual(["fred", "gaby"]);
    expect(listed.json.items[0]).not.toHaveProperty("password_hash");
    const [fred, gaby] = listed.json.items;
    expect((await callApi(app, memberToken, "POST", `/admin/registrations/${fred.id}/approve`)).status).toBe(403);
    const approved = await callApi(app, token, "POST", `/admin/registrations/${fred.id}/approve`);
    expect(approved).toMatchObject({ status: 200, json: { status: "approved", actor: { handle: expect.stringContaining("fred") } } });
    expect((await callApi(app, token, "POST", `/admin/registrations/${gaby.id}/refuse`, { reason: "Doublon" })).json).toEqual({ status: "refused", reason: "Doublon" });
    expect((await callApi(app, token, "POST", `/admin/registrations/${gaby.id}/refuse`)).status).toBe(409);
    expect((await callApi(app, token, "POST", "/admin/registrations/nope/approve")).status).toBe(404);
    expect((await callApi(app, token, "GET", "/admin/registrations?status=maybe")).status).toBe(400);
    expect((await callApi(app, token, "GET", "/admin/registrations?status=refused")).json.items[0]).toMatchObject({ handle: "gaby", reason: "Doublon" });
    expect((await signIn("fred")).res.status).toBe(303);
  });
});
