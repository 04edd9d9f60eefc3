// Co-authorship by consent through the JSON API: naming someone never lets
// the writer publish in their name; they (or a community's moderator) accept.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { ensureInstanceActor, upsertRemoteActor } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createApp } from "../../src/http/app.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

function call(method: string, path: string, who: string, body?: unknown) {
  return callApi(app, tokens[who]!, method, path, body);
}

const handles = (actors: { handle: string }[]) => actors.map((a) => a.handle);

/** The notes listed on someone's page (the API's `?author=`), by title. */
async function listedFor(author: string): Promise<string[]> {
  return (await call("GET", `/notes?author=${author}`, "alice")).json.items.map((n: { title: string }) => n.title);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  for (const [handle, isAdmin] of [["alice", false], ["bob", false], ["carol", false], ["root", true]] as const) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
    ids[handle] = actor.id;
  }
});
afterEach(() => services.close());

describe("naming co-authors", () => {
  it("invites a local person instead of publishing in their name; they accept, and only then co-sign", async () => {
    const created = await call("POST", "/notes", "alice", { title: "Au nom de bob", content: "x", authors: ["@bob@test.example", "@alice@test.example"] });
    expect(created.status).toBe(201);
    expect(handles(created.json.authors)).toEqual(["@alice@test.example"]);
    expect(handles(created.json.invitedAuthors)).toEqual(["@bob@test.example"]);
    expect(await listedFor("bob")).toEqual([]);
    expect(services.sent).toEqual([{ type: "note-published", noteId: created.json.id }]);
    // Readers do not see the invitation; the note's editors do.
    expect((await call("GET", `/notes/${created.json.id}`, "carol")).json.invitedAuthors).toBeUndefined();
    expect(handles((await call("GET", `/notes/${created.json.id}`, "alice")).json.invitedAuthors)).toEqual(["@bob@test.example"]);
    // Not an author yet: bob may not edit.
    expect((await call("PATCH", `/notes/${created.json.id}`, "bob", { title: "Repris" })).status).toBe(403);

    const pending = await call("GET", "/coauthorships", "bob");
    expect(pending.json.items).toEqual([
      expect.objectContaining({
        note: expect.objectContaining({ id: created.json.id, title: "Au nom de bob" }),
        invitee: expect.objectContaining({ handle: "@bob@test.example" }),
        invitedBy: expect.objectContaining({ handle: "@alice@test.example" }),
      }),
    ]);
    const invitation = pending.json.items[0].id;
    // Someone else cannot answer for bob (and learns nothing).
    expect((await call("POST", `/coauthorships/${invitation}/accept`, "carol")).json).toMatchObject({ error: "not_found" });
    expect((await call("GET", "/coauthorships", "carol")).json.items).toEqual([]);

    const accepted = await call("POST", `/coauthorships/${invitation}/accept`, "bob");
    expect(accepted.status).toBe(200);
    expect(handles(accepted.json.authors)).toEqual(["@alice@test.example", "@bob@test.example"]);
    expect(accepted.json.updatedAt > created.json.updatedAt).toBe(true);
    expect(services.sent).toContainEqual({ type: "coauthor-joined", noteId: created.json.id, actorId: ids.bob });
    expect(await listedFor("bob")).toEqual(["Au nom de bob"]);
    expect((await call("GET", "/coauthorships", "bob")).json.items).toEqual([]);
    expect((await call("POST", `/coauthorships/${invitation}/accept`, "bob")).status).toBe(404);
    expect((await call("PATCH", `/notes/${created.json.id}`, "bob", { title: "Relu par bob" })).status).toBe(200);
  });

  it("keeps the writer's order when an invitee accepts", async () => {
    const zoe = await upsertRemoteActor(services.db, {
      uri: "https://remote.example/users/zoe",
      type: "Person",
      username: "zoe",
      domain: "remote.example",
      name: "Zoé",
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://remote.example/users/zoe/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
    // A remote co-author is credited at once (never a signer: the first author lives here).
    const created = await call("POST", "/notes", "alice", { title: "Ordre", content: "x", authors: [zoe.uri, "@bob@test.example", "@alice@test.example"] });
    expect(handles(created.json.authors)).toEqual(["@alice@test.example", "@zoe@remote.example"]);
    const [invitation] = (await call("GET", "/coauthorships", "bob")).json.items;
    const accepted = await call("POST", `/coauthorships/${invitation.id}/accept`, "bob");
    expect(handles(accepted.json.authors)).toEqual(["@alice@test.example", "@zoe@remote.example", "@bob@test.example"]);
  });

  it("puts the writer first when only people who have not accepted yet are named", async () => {
    const created = await call("POST", "/notes", "alice", { title: "Seul bob", content: "x", authors: ["@bob@test.example"] });
    expect(handles(created.json.authors)).toEqual(["@alice@test.example"]);
    expect(handles(created.json.invitedAuthors)).toEqual(["@bob@test.example"]);
  });

  it("invites the administrator like anyone else, and refuses the instance itself", async () => {
    const created = await call("POST", "/notes", "alice", { title: "Au nom de l'admin", content: "x", authors: ["@alice@test.example", "@root@test.example"] });
    expect(handles(created.json.authors)).toEqual(["@alice@test.example"]);
    expect(handles(created.json.invitedAuthors)).toEqual(["@root@test.example"]);
    expect(await listedFor("root")).toEqual([]);
    const instance = await ensureInstanceActor(services.db, services.config.publicUrl, "Test");
    const refused = await call("POST", "/notes", "alice", { title: "Au nom de l'instance", content: "x", authors: ["@alice@test.example", instance.uri] });
    expect(refused).toMatchObject({ status: 403, json: { error: "forbidden" } });
  });

  it("declining removes the invitation; the note never was bob's", async () => {
    const created = await call("POST", "/notes", "alice", { title: "Refusée", content: "x", authors: ["@alice@test.example", "@bob@test.example"] });
    const [invitation] = (await call("GET", "/coauthorships", "bob")).json.items;
    expect((await call("POST", `/coauthorships/${invitation.id}/decline`, "bob")).status).toBe(204);
    expect((await call("GET", "/coauthorships", "bob")).json.items).toEqual([]);
    expect(handles((await call("GET", `/notes/${created.json.id}`, "alice")).json.authors)).toEqual(["@alice@test.example"]);
    expect((await call("GET", `/notes/${created.json.id}`, "alice")).json.invitedAuthors).toEqual([]);
    expect(services.sent.filter((i) => i.type === "coauthor-joined")).toEqual([]);
  });

  it("PATCH invites the people it adds, keeps accepted co-authors, and withdraws invitations it no longer lists", async () => {
    const created = await call("POST", "/notes", "alice", { title: "Modifiée", content: "x" });
    const patched = await call("PATCH", `/notes/${created.json.id}`, "alice", { authors: ["@alice@test.example", "@bob@test.example", "@carol@test.example"] });
    expect(patched.status).toBe(200);
    expect(handles(patched.json.authors)).toEqual(["@alice@test.example"]);
    expect(handles(patched.json.invitedAuthors)).toEqual(["@bob@test.example", "@carol@test.example"]);
    expect(await listedFor("bob")).toEqual([]);
    // An edit that does not list the authors leaves the invitations as they are.
    expect(handles((await call("PATCH", `/notes/${created.json.id}`, "alice", { title: "Modifiée 2" })).json.invitedAuthors)).toEqual([
      "@bob@test.example",
      "@carol@test.example",
    ]);
    const [invitation] = (await call("GET", "/coauthorships", "bob")).json.items;
    await call("POST", `/coauthorships/${invitation.id}/accept`, "bob");
    const withdrawn = await call("PATCH", `/notes/${created.json.id}`, "bob", { authors: ["@alice@test.example", "@bob@test.example"] });
    expect(handles(withdrawn.json.authors)).toEqual(["@alice@test.example", "@bob@test.example"]);
    expect(withdrawn.json.invitedAuthors).toEqual([]);
    expect((await call("GET", "/coauthorships", "carol")).json.items).toEqual([]);
  });
});

describe("communities and organizations", () => {
  it("a community co-signs once one of its moderators accepts", async () => {
    expect((await call("POST", "/communities", "bob", { handle: "jardins", name: "Jardins collectifs", languages: ["fr"] })).status).toBe(201);
    const created = await call("POST", "/notes", "alice", { title: "Au nom des jardins", content: "x", authors: ["@alice@test.example", "@jardins@test.example"] });
    expect(handles(created.json.authors)).toEqual(["@alice@test.example"]);
    expect(handles(created.json.invitedAuthors)).toEqual(["@jardins@test.example"]);
    expect(await listedFor("jardins")).toEqual([]);
    expect((await call("GET", "/coauthorships", "carol")).json.items).toEqual([]);
    const [invitation] = (await call("GET", "/coauthorships", "bob")).json.items;
    expect(invitation.invitee).toMatchObject({ handle: "@jardins@test.example", type: "Group" });
    const accepted = await call("POST", `/coauthorships/${invitation.id}/accept`, "bob");
    expect(handles(accepted.json.authors)).toEqual(["@alice@test.example", "@jardins@test.example"]);
    // Its moderator names it directly.
    const own = await call("POST", "/notes", "bob", { title: "Des jardins", content: "x", authors: ["@jardins@test.example"] });
    expect(handles(own.json.authors)).toEqual(["@jardins@test.example"]);
  });

  it("only members name an organization as author or link a note to it (403 otherwise)", async () => {
    expect((await call("POST", "/organizations", "bob", { username: "passerelles", name: "Passerelles" })).status).toBe(201);
    const asAuthor = await call("POST", "/notes", "alice", { title: "x", content: "x", authors: ["@alice@test.example", "@passerelles@test.example"] });
    expect(asAuthor).toMatchObject({ status: 403, json: { error: "forbidden" } });
    const linked = await call("POST", "/notes", "alice", { title: "x", content: "x", organizations: ["@passerelles@test.example"] });
    expect(linked).toMatchObject({ status: 403, json: { error: "forbidden" } });
    const plain = await call("POST", "/notes", "alice", { title: "x", content: "x" });
    expect((await call("PATCH", `/notes/${plain.json.id}`, "alice", { organizations: ["@passerelles@test.example"] })).status).toBe(403);
    expect(await listedFor("passerelles")).toEqual([]);

    const member = await call("POST", "/notes", "bob", { title: "Membre", content: "x", authors: ["@passerelles@test.example"], organizations: ["@passerelles@test.example"] });
    expect(member.status).toBe(201);
    expect(handles(member.json.organizations)).toEqual(["@passerelles@test.example"]);
    // Linked by a member, the organization stays when a co-author who is not one edits the note.
    await call("PATCH", `/notes/${member.json.id}`, "bob", { authors: ["@passerelles@test.example", "@alice@test.example"] });
    const [invitation] = (await call("GET", "/coauthorships", "alice")).json.items;
    await call("POST", `/coauthorships/${invitation.id}/accept`, "alice");
    const edited = await call("PATCH", `/notes/${member.json.id}`, "alice", { title: "Relu par alice" });
    expect(edited.status).toBe(200);
    expect(handles(edited.json.authors)).toEqual(["@passerelles@test.example", "@alice@test.example"]);
    expect(handles(edited.json.organizations)).toEqual(["@passerelles@test.example"]);
  });
});
