import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { termRoutes } from "../../src/http/api/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  app.route("/api/v1", termRoutes());
  for (const [handle, isAdmin] of [["admin1", true], ["member", false]] as const) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
});
afterEach(() => services.close());

describe("terms API", () => {
  it("lets members define and edit terms", async () => {
    const created = await call("POST", "/terms", "member", { labelFr: "Économie sociale", labelEn: "Social economy", definitionFr: "Des entreprises…", aliases: ["ESS"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      slug: "economie-sociale",
      uri: "https://test.example/terms/economie-sociale",
      url: "https://test.example/terms/economie-sociale",
      local: true,
      label: { fr: "Économie sociale", en: "Social economy" },
      definition: { fr: "Des entreprises…", en: null },
      aliases: ["ESS"],
    });
    expect(typeof created.json.id).toBe("string");
    expect((await call("POST", "/terms", "member", { labelFr: "Économie sociale" })).status).toBe(409);
    expect((await call("POST", "/terms", "member", { aliases: "nope" })).status).toBe(400);
    expect((await call("POST", "/terms", null, { labelFr: "x" })).status).toBe(401);

    const patched = await call("PATCH", "/terms/economie-sociale", "member", { definition: { en: "Businesses…" } });
    expect(patched.json.definition).toEqual({ fr: "Des entreprises…", en: "Businesses…" });
    expect((await call("PATCH", "/terms/economie-sociale", "member", { slug: "autre" })).status).toBe(400);
    expect((await call("PATCH", "/terms/inconnu", "member", { labelFr: "x" })).status).toBe(404);
  });

  it("lists, searches and reads terms", async () => {
    await call("POST", "/terms", "member", { labelFr: "Tiers-lieu", labelEn: "Third place" });
    await call("POST", "/terms", "member", { labelFr: "Commun", aliases: ["biens communs"] });
    expect((await call("GET", "/terms", "member")).json.items.map((t: { slug: string }) => t.slug)).toEqual(["commun", "tiers-lieu"]);
    expect((await call("GET", "/terms?q=third", "member")).json.items.map((t: { slug: string }) => t.slug)).toEqual(["tiers-lieu"]);
    expect((await call("GET", "/terms?q=biens", "member")).json.items.map((t: { slug: string }) => t.slug)).toEqual(["commun"]);
    expect((await call("GET", "/terms/commun", "member")).json.label.fr).toBe("Commun");
    expect((await call("GET", "/terms/absent", "member")).status).toBe(404);
  });

  it("pages the lexicon by slug: limit, nextCursor, then an empty page", async () => {
    for (const labelFr of ["Verger", "Abeille", "Compost"]) await call("POST", "/terms", "member", { labelFr });
    const first = (await call("GET", "/terms?limit=2", "member")).json;
    expect(first.items.map((t: { slug: string }) => t.slug)).toEqual(["abeille", "compost"]);
    expect(first.nextCursor).toBe("compost");
    const second = (await call("GET", `/terms?limit=2&cursor=${first.nextCursor}`, "member")).json;
    expect(second).toMatchObject({ items: [{ slug: "verger" }], nextCursor: null });
    expect((await call("GET", "/terms?limit=2&cursor=verger", "member")).json.items).toEqual([]);
  });

  it("lets only administrators delete terms; a deleted term answers 410", async () => {
    await call("POST", "/terms", "member", { labelFr: "Commun" });
    expect(await call("DELETE", "/terms/commun", "member")).toMatchObject({ status: 403, json: { error: "forbidden" } });
    expect((await call("DELETE", "/terms/commun", "admin1")).status).toBe(204);
    expect((await call("GET", "/terms/commun", "member")).status).toBe(410);
    expect((await call("GET", "/terms", "member")).json.items).toEqual([]);
    // Defining it again brings the same address back.
    expect((await call("POST", "/terms", "member", { labelFr: "Commun" })).status).toBe(201);
    expect((await call("GET", "/terms/commun", "member")).status).toBe(200);
  });
});
