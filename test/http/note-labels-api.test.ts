// The quality labels and notifications API: 403 for non-moderators, 400 for
// bad input (every problem at once), 404 for a note one cannot see, 202 for a
// member's vote below the threshold, and `labels` in a note's JSON, lists and page.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};
let note: { id: string; uri: string };

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  for (const handle of ["alice", "bob", "carol", "dave"]) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin: false });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
  await call("POST", "/communities", "alice", { handle: "savoirs", name: "Savoirs", languages: ["fr"] });
  for (const who of ["bob", "carol"]) expect((await call("POST", "/follows", who, { target: "@savoirs@test.example" })).json.status).toBe("accepted");
  ({ json: note } = await call("POST", "/notes", "bob", { title: "Le compost", content: "Il tue les vers.", communities: ["savoirs"] }));
  services.sent.length = 0;
});
afterEach(() => services.close());

const LABEL = { label: "source-requise", reason: "Aucune source" };

describe("quality labels API", () => {
  it("answers 403 to people who may not label or resolve, 401 without a token, and stores nothing", async () => {
    for (const who of ["bob", "carol", "dave"]) {
      expect((await call("POST", `/notes/${note.id}/labels`, who, LABEL)).status).toBe(403);
    }
    expect((await call("POST", `/notes/${note.id}/labels`, null, LABEL)).status).toBe(401);
    expect((await call("POST", `/notes/${note.id}/labels`, "alice", LABEL)).status).toBe(201);
    expect((await call("DELETE", `/notes/${note.id}/labels`, "bob", { label: "source-requise" })).status).toBe(403);
    // Only the note's authors answer.
    expect((await call("POST", `/notes/${note.id}/labels/source-requise/answer`, "carol", { answer: "Non" })).status).toBe(403);
    expect(services.sent).toEqual([{ type: "note-labels-changed", noteId: note.id }]);
  });

  it("answers 400 to a bad label, reason or source, with every problem, and 404 for an unknown note", async () => {
    const bad = await call("POST", `/notes/${note.id}/labels`, "alice", { label: "fausse", reason: "", source: "ftp://x" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/label must be one of a-valider, source-requise, contestee.*reason.*source must be an http\(s\) URL/);
    expect((await call("POST", `/notes/${note.id}/labels`, "alice", { ...LABEL, reason: "x".repeat(1001) })).status).toBe(400);
    expect((await call("POST", `/notes/${note.id}/labels`, "alice", "not an object")).status).toBe(400);
    expect((await call("DELETE", `/notes/${note.id}/labels`, "alice", { label: "nope" })).status).toBe(400);
    expect((await call("DELETE", `/notes/${note.id}/labels?label=contestee`, "alice")).status).toBe(404);
    expect((await call("POST", "/notes/01nonexistentnote000000000/labels", "alice", LABEL)).status).toBe(404);
    expect((await call("POST", `/notes/${note.id}/labels/source-requise/answer`, "bob", { answer: "" })).status).toBe(400);
    expect(services.sent).toEqual([]);
  });

  it("lists labels in the note's JSON, takes the author's answer, resolves by DELETE, and keeps the history", async () => {
    const set = await call("POST", `/notes/${note.id}/labels`, "alice", { ...LABEL, source: "https://example.org/guide" });
    expect(set.json).toMatchObject({ status: "labelled", labels: [{ label: "source-requise", reason: "Aucune source", source: "https://example.org/guide", origin: "local", byVote: false, answer: null }] });
    expect((await call("GET", `/notes/${note.id}`, "carol")).json.labels).toEqual([expect.objectContaining({ label: "source-requise" })]);
    // Lists of notes (the public index) show the label's name, in the reader's language; the note's page its reason.
    expect(await (await app.request("/notes", { headers: { "Accept-Language": "fr" } })).text()).toContain('<strong class="quality-label-badge">Source requise</strong>');
    expect(await (await app.request("/notes", { headers: { "Accept-Language": "en" } })).text()).toContain('<strong class="quality-label-badge">Source needed</strong>');
    const page = await (await app.request(`/notes/${note.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain("Reason: Aucune source");
    expect(page).toContain('href="https://example.org/guide"');
    expect((await call("POST", `/notes/${note.id}/labels/source-requise/answer`, "bob", { answer: "Source ajoutée." })).json.labels[0].answer).toBe("Source ajoutée.");
    const notifications = await call("GET", "/notifications", "bob");
    expect(notifications.json).toMatchObject({ unread: 1, items: [{ kind: "note-labelled", subject: note.uri, read: false, actor: { handle: "@alice@test.example" } }] });
    expect((await call("POST", "/notifications/read", "bob", { ids: [notifications.json.items[0].id] })).json.marked).toBe(1);
    expect((await call("POST", "/notifications/read", "bob", { ids: "all" })).status).toBe(400);
    expect((await call("GET", "/notifications?limit=0", "bob")).status).toBe(400);
    expect((await call("DELETE", `/notes/${note.id}/labels?label=source-requise&reason=R%C3%A9solu`, "alice")).json.labels).toEqual([]);
    const history = await call("GET", `/notes/${note.id}/labels`, "carol");
    expect(history.json.history.map((e: { event: string }) => e.event)).toEqual(["added", "answered", "removed"]);
  });

  it("counts members' votes where the community opts in: 202 below the threshold, 201 when reached", async () => {
    expect((await call("PATCH", "/communities/savoirs", "alice", { labelVoteThreshold: 1 })).status).toBe(400);
    expect((await call("PATCH", "/communities/savoirs", "alice", { labelVoteThreshold: 2 })).status).toBe(200);
    expect((await call("GET", "/communities/savoirs", "bob")).json.labelVoteThreshold).toBe(2);
    const first = await call("POST", `/notes/${note.id}/labels`, "carol", LABEL);
    expect(first).toMatchObject({ status: 202, json: { status: "voted", votes: 1, threshold: 2, labels: [] } });
    // dave is not a member: still 403.
    expect((await call("POST", `/notes/${note.id}/labels`, "dave", LABEL)).status).toBe(403);
    const second = await call("POST", `/notes/${note.id}/labels`, "bob", LABEL);
    expect(second).toMatchObject({ status: 201, json: { status: "labelled", labels: [{ label: "source-requise", byVote: true }] } });
  });
});
