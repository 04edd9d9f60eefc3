import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { organizationRoutes } from "../../src/http/api/organizations.ts";
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
  app.route("/api/v1", organizationRoutes());
  for (const handle of ["alice", "bob", "carol"]) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin: false });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
});
afterEach(() => services.close());

describe("organizations API", () => {
  it("creates an organization whose creator is admin, and reads it", async () => {
    const created = await call("POST", "/organizations", "alice", { username: "cdc", name: "CDC des Laurentides", summary: "Concertation" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      type: "Organization",
      handle: "@cdc@test.example",
      url: "https://test.example/@cdc",
      name: "CDC des Laurentides",
      local: true,
      members: [{ role: "admin", actor: { handle: "@alice@test.example" } }],
    });
    expect(created.json.uri).toBe(`https://test.example/actors/${created.json.id}`);
    expect((await call("POST", "/organizations", "bob", { username: "cdc" })).status).toBe(409);
    expect((await call("POST", "/organizations", "bob", { username: "alice" })).status).toBe(409);
    expect((await call("POST", "/organizations", "bob", {})).status).toBe(400);
    expect((await call("POST", "/organizations", null, { username: "x" })).status).toBe(401);

    expect((await call("GET", "/organizations/cdc", "bob")).json.name).toBe("CDC des Laurentides");
    expect((await call("GET", "/organizations/@cdc@test.example", "bob")).json.handle).toBe("@cdc@test.example");
    expect((await call("GET", "/organizations/alice", "bob")).status).toBe(404);
    const list = await call("GET", "/organizations", "bob");
    expect(list.json).toMatchObject({ items: [{ handle: "@cdc@test.example", memberCount: 1 }], nextCursor: null });
  });

  it("lets admins manage members and the profile (403 for others), emitting profile-updated", async () => {
    const { json: org } = await call("POST", "/organizations", "alice", { username: "cdc" });
    const added = await call("POST", "/organizations/cdc/members", "alice", { member: "@bob@test.example" });
    expect(added).toMatchObject({ status: 201, json: { role: "member", actor: { username: "bob" } } });
    expect((await call("POST", "/organizations/cdc/members", "bob", { member: "@carol@test.example" })).status).toBe(403);
    expect((await call("PATCH", "/organizations/cdc", "bob", { name: "Pris" })).status).toBe(403);
    expect((await call("POST", "/organizations/cdc/members", "alice", { member: "@bob@test.example", role: "admin" })).status).toBe(200);
    expect((await call("POST", "/organizations/cdc/members", "alice", { member: "@bob@test.example", role: "boss" })).status).toBe(400);

    const patched = await call("PATCH", "/organizations/cdc", "bob", { name: "CDC", summary: "Mission", fields: { region: "Laurentides" } });
    expect(patched.json).toMatchObject({ name: "CDC", summary: "Mission", fields: { region: "Laurentides" } });
    expect((await call("PATCH", "/organizations/cdc", "bob", { name: 3 })).status).toBe(400);
    expect(services.sent).toEqual([{ type: "profile-updated", actorId: org.id }]);

    expect((await call("DELETE", `/organizations/cdc/members?member=${encodeURIComponent("@alice@test.example")}`, "bob")).status).toBe(204);
    expect((await call("DELETE", "/organizations/cdc/members", "bob", { member: "@bob@test.example" })).status).toBe(409);
    const read = await call("GET", "/organizations/cdc", "carol");
    expect(read.json.members.map((m: { role: string; actor: { username: string } }) => [m.actor.username, m.role])).toEqual([["bob", "admin"]]);
  });
});
