// The reports API over HTTP: every bad input answers a clear 4xx and files or
// sends nothing; moderators and administrators read and resolve; warnings
// reach the warned person; suspension shuts an account and is undone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { REPORTS_PER_ACCOUNT } from "../../src/domain/reports.ts";
import { createApp } from "../../src/http/app.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};
let post: { id: string; uri: string };

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

async function reportCount(): Promise<number> {
  return Number((await services.db.selectFrom("reports").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  for (const [handle, isAdmin] of [["gardienne", true], ["moderatrice", false], ["membre", false], ["passant", false]] as const) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
  expect((await call("POST", "/communities", "moderatrice", { handle: "jardins", name: "Jardins" })).status).toBe(201);
  expect((await call("POST", "/follows", "membre", { target: "@jardins@test.example" })).json.status).toBe("accepted");
  ({ json: post } = await call("POST", "/notes", "membre", { title: "Achetez", content: "Pilules miracles", communities: ["jardins"] }));
  services.sent.length = 0;
});
afterEach(() => services.close());

describe("POST /api/v1/reports", () => {
  it("files a report and answers the reporter's view of it", async () => {
    const res = await call("POST", "/reports", "passant", { target: post.uri, category: "spam", comment: "publicité" });
    expect(res).toMatchObject({ status: 201, json: { status: "open", category: "spam", comment: "publicité", target: { kind: "note", uri: post.uri }, forwarded: false } });
    expect(res.json.reporter).toBeUndefined();
  });

  it("answers 4xx to every bad input, and files nothing", async () => {
    const secret = (await call("POST", "/notes", "membre", { title: "Entre nous", content: "x", visibility: "followers" })).json;
    services.sent.length = 0;
    const cases: [string | null, unknown, number][] = [
      [null, { target: post.id, category: "spam" }, 401],
      ["passant", { target: post.id }, 400],
      ["passant", { target: post.id, category: "bof" }, 400],
      ["passant", { category: "spam" }, 400],
      ["passant", { target: 42, category: "spam" }, 400],
      ["passant", { target: post.id, category: "spam", comment: "x".repeat(2001) }, 400],
      ["passant", { target: post.id, category: "spam", comment: 5 }, 400],
      ["passant", { target: post.id, category: "spam", forward: "oui" }, 400],
      ["passant", { target: "@passant@test.example", category: "spam" }, 400],
      ["passant", { target: "https://test.example/notes/nothing", category: "spam" }, 404],
      ["passant", { target: "@personne@test.example", category: "spam" }, 404],
      // Private content the reporter cannot see: 404, as if it did not exist.
      ["passant", { target: secret.id, category: "spam" }, 404],
      ["passant", { target: secret.uri, category: "spam" }, 404],
      ["passant", [1, 2], 400],
    ];
    for (const [who, body, status] of cases) expect({ body, status: (await call("POST", "/reports", who, body)).status }).toEqual({ body, status });
    const raw = await app.request("/api/v1/reports", { method: "POST", headers: { authorization: `Bearer ${tokens.passant}`, "content-type": "application/json" }, body: "{nope" });
    expect(raw.status).toBe(400);
    expect(await reportCount()).toBe(0);
    expect(services.sent).toEqual([]);
  });

  it("throttles a flood from one account with 429 and Retry-After", async () => {
    for (let i = 0; i < REPORTS_PER_ACCOUNT.max; i++) expect((await call("POST", "/reports", "passant", { target: post.id, category: "spam" })).status).toBe(201);
    const res = await app.request("/api/v1/reports", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.passant}`, "content-type": "application/json" },
      body: JSON.stringify({ target: post.id, category: "spam" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await res.json()).error).toBe("too_many_requests");
    expect(await reportCount()).toBe(REPORTS_PER_ACCOUNT.max);
    // Someone else still may.
    expect((await call("POST", "/reports", "gardienne", { target: post.id, category: "spam" })).status).toBe(201);
  });
});

describe("GET /api/v1/reports and resolution", () => {
  it("lists for moderators (their community) and administrators, keyset-paged; 403 for others", async () => {
    const first = (await call("POST", "/reports", "passant", { target: post.id, category: "spam" })).json;
    const second = (await call("POST", "/reports", "passant", { target: "@membre@test.example", category: "harassment" })).json;
    expect((await call("GET", "/reports", "passant")).status).toBe(403);
    expect((await call("GET", "/reports", null)).status).toBe(401);
    const mine = await call("GET", "/reports", "moderatrice");
    expect(mine.json.items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    expect(mine.json.items[0]).toMatchObject({
      target: { kind: "note", id: post.id, snapshot: { title: "Achetez" } },
      community: { handle: "@jardins@test.example" },
      account: { handle: "@membre@test.example" },
      reporter: { handle: "@passant@test.example" },
      remote: false,
      resolution: null,
    });
    const page1 = await call("GET", "/reports?limit=1", "gardienne");
    expect(page1.json).toMatchObject({ items: [{ id: second.id }], next: second.id });
    const page2 = await call("GET", `/reports?limit=1&before=${page1.json.next}`, "gardienne");
    expect(page2.json.items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    for (const query of ["?limit=0", "?limit=abc", "?limit=101", "?status=maybe"]) expect((await call("GET", `/reports${query}`, "gardienne")).status).toBe(400);
    expect((await call("GET", `/reports/${first.id}`, "passant")).status).toBe(403);
    expect((await call("GET", `/reports/${second.id}`, "moderatrice")).status).toBe(403);
    expect((await call("GET", "/reports/nope", "gardienne")).status).toBe(404);
  });

  it("resolves: 403 for non-moderators, 400 for bad actions, 404 unknown, 409 twice; remove federates through the community", async () => {
    const report = (await call("POST", "/reports", "passant", { target: post.id, category: "spam" })).json;
    const path = `/reports/${report.id}/resolve`;
    expect((await call("POST", path, null, { action: "dismiss" })).status).toBe(401);
    expect((await call("POST", path, "passant", { action: "dismiss" })).status).toBe(403);
    expect((await call("POST", path, "membre", { action: "remove" })).status).toBe(403);
    expect((await call("POST", path, "moderatrice", { action: "suspend" })).status).toBe(403);
    expect((await call("POST", path, "moderatrice", { action: "ban" })).status).toBe(400);
    expect((await call("POST", path, "moderatrice", {})).status).toBe(400);
    expect((await call("POST", path, "moderatrice", { action: "dismiss", note: 3 })).status).toBe(400);
    expect((await call("POST", "/reports/nope/resolve", "moderatrice", { action: "dismiss" })).status).toBe(404);
    expect(services.sent).toEqual([]);
    const resolved = await call("POST", path, "moderatrice", { action: "remove", note: "publicité" });
    expect(resolved).toMatchObject({ status: 200, json: { status: "resolved", resolution: { action: "remove", note: "publicité", by: { handle: "@moderatrice@test.example" } } } });
    expect(services.sent.map((i) => i.type)).toEqual(["community-post-removed"]);
    expect((await call("GET", "/communities/jardins/posts", "moderatrice")).json.items).toEqual([]);
    expect((await call("POST", path, "gardienne", { action: "dismiss" })).status).toBe(409);
  });

  it("warns: the warned person reads it in GET /api/v1/me/warnings; nobody else does", async () => {
    const report = (await call("POST", "/reports", "passant", { target: post.id, category: "harassment" })).json;
    expect((await call("POST", `/reports/${report.id}/resolve`, "moderatrice", { action: "warn", note: "Restez courtois" })).status).toBe(200);
    expect((await call("GET", "/me/warnings", "membre")).json.items).toMatchObject([{ text: "Restez courtois", reportId: report.id }]);
    expect((await call("GET", "/me/warnings", "passant")).json.items).toEqual([]);
  });

  it("suspends a local account: no API, no profile, nothing sent; unsuspension restores it; admins only", async () => {
    const report = (await call("POST", "/reports", "passant", { target: "@membre@test.example", category: "spam" })).json;
    expect((await call("POST", `/reports/${report.id}/resolve`, "gardienne", { action: "suspend", note: "récidive" })).status).toBe(200);
    expect((await call("GET", "/me", "membre")).status).toBe(401);
    expect((await app.request("/@membre")).status).toBe(404);
    // The home page's people (its recent notes are the /notes list, which keeps a suspended member's notes).
    expect(peopleOnHome(await (await app.request("/")).text())).not.toContain("/@membre");
    expect(services.sent).toEqual([]);
    expect((await call("POST", "/admin/accounts/membre/unsuspend", "moderatrice")).status).toBe(403);
    expect((await call("POST", "/admin/accounts/personne/unsuspend", "gardienne")).status).toBe(404);
    expect((await call("POST", "/admin/accounts/membre/unsuspend", "gardienne")).json).toEqual({ handle: "@membre@test.example", suspended: false });
    expect((await call("GET", "/me", "membre")).status).toBe(200);
    expect((await app.request("/@membre")).status).toBe(200);
    expect(peopleOnHome(await (await app.request("/")).text())).toContain("/@membre");
    expect((await call("POST", "/admin/accounts/membre/unsuspend", "gardienne")).status).toBe(404);
    // Directly, with a reason; never an administrator.
    expect((await call("POST", "/admin/accounts/membre/suspend", "gardienne", { reason: 5 })).status).toBe(400);
    expect((await call("POST", "/admin/accounts/membre/suspend", "moderatrice", {})).status).toBe(403);
    expect((await call("POST", "/admin/accounts/gardienne/suspend", "gardienne", {})).status).toBe(400);
    expect((await call("POST", "/admin/accounts/membre/suspend", "gardienne", { reason: "spam" })).json).toEqual({ handle: "@membre@test.example", suspended: true });
    const log = await call("GET", "/reports", "gardienne");
    expect(log.json.items[0].resolution.action).toBe("suspend");
  });
});

function peopleOnHome(page: string): string {
  return page.match(/<ul class="people">[\s\S]*?<\/ul>/)?.[0] ?? "";
}
