// Remote interaction over real HTTP:
// (a) a visitor of another server gives their handle on A's pages: A reads
//     their server's WebFinger and sends them to its subscribe template (a
//     stand-in server that publishes one, one that does not: Mastodon's
//     /authorize_interaction then), and to B's own template for bob of B;
// (b) bob, signed in on B, lands on B's /authorize_interaction with alice's
//     note and profile of A: his like, reply and follow reach A.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { PageSession } from "./support/page-session.ts";

const SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe";

describe("remote interaction", () => {
  const net = useInstances(2);
  const servers: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  async function interact(a: Instance, uri: string, account: string): Promise<Response> {
    return a.fetch(`/interact?uri=${encodeURIComponent(uri)}&account=${encodeURIComponent(account)}`, { redirect: "manual", headers: { Accept: "text/html" } });
  }

  it("(a) sends a visitor to the subscribe template their server's WebFinger names, else to its /authorize_interaction", async () => {
    const [a] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const withTemplate = await startFakeServer(net.cluster, "mastodon");
    const without = await startFakeServer(net.cluster, "ancien");
    servers.push(withTemplate, without);
    const host = new URL(withTemplate.origin).host;
    withTemplate.documents.set("/.well-known/webfinger", {
      subject: `acct:rita@${host}`,
      links: [{ rel: "self", type: "application/activity+json", href: `${withTemplate.origin}/users/rita` }, { rel: SUBSCRIBE, template: `${withTemplate.origin}/authorize_follow?acct={uri}` }],
    });
    without.documents.set("/.well-known/webfinger", { subject: `acct:rita@${new URL(without.origin).host}`, links: [] });

    const sent = await interact(a, aliceUri, `@rita@${host}`);
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`${withTemplate.origin}/authorize_follow?acct=${encodeURIComponent(aliceUri)}`);
    expect(withTemplate.fetched).toEqual(["/.well-known/webfinger"]);

    const fallback = await interact(a, aliceUri, `rita@${new URL(without.origin).host}`);
    expect(fallback.headers.get("location")).toBe(`${without.origin}/authorize_interaction?uri=${encodeURIComponent(aliceUri)}`);
  });

  it("(b) bob of B likes, answers and follows from B what A's pages sent him to", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("amelie");
    const bob = await b.createUser("bob");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const note = (await a.api("POST", "/api/v1/notes", { title: "Corvée de printemps", content: "Samedi au jardin." }, alice.token)).body;

    // Our WebFinger answers name our own page for this.
    const jrd = await (await a.fetch(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:amelie@${new URL(a.origin).host}`)}`)).json();
    expect(jrd.links).toContainEqual({ rel: SUBSCRIBE, template: `${a.origin}/authorize_interaction?uri={uri}` });

    // From A's note page, bob gives his handle: A sends him to B.
    const sent = await interact(a, note.uri, `@bob@${new URL(b.origin).host}`);
    expect(sent.status).toBe(303);
    const location = sent.headers.get("location")!;
    expect(location).toBe(`${b.origin}/authorize_interaction?uri=${encodeURIComponent(note.uri)}`);

    const browser = await PageSession.signIn(b, "bob", bob.password);
    const path = new URL(location).pathname + new URL(location).search;
    const shown = await browser.get(path);
    expect(shown.status).toBe(200);
    expect(shown.page).toContain("Corvée de printemps");
    const likeAction = /<form method="post" action="(\/notes\/[^/"]+\/like)">/.exec(shown.page)![1]!;
    expect((await browser.post(likeAction, {})).status).toBe(303);
    await browser.get(path);
    const replied = await browser.post("/authorize_interaction/reply", { uri: note.uri, content: "J'y serai." });
    expect(replied.location).toBe(`${path}&replied=1`);

    // The person too: B's page for alice's profile, with the follow button.
    const profilePath = `/authorize_interaction?uri=${encodeURIComponent(aliceUri)}`;
    const profile = await browser.get(profilePath);
    const actorId = /<form class="follow" method="post" action="\/follow">[\s\S]*?name="actor" value="([^"]+)"/.exec(profile.page)![1]!;
    expect((await browser.post("/follow", { actor: actorId, next: profilePath })).location).toBe(profilePath);

    await waitFor(async () => (await a.api("GET", `/api/v1/notes/${note.id}`, undefined, alice.token)).body.likesCount === 1, { message: "bob's like reached A" });
    const kinds = await waitFor(async () => {
      const items = (await a.api("GET", "/api/v1/notifications", undefined, alice.token)).body.items as { kind: string }[];
      return items.length >= 3 ? items.map((i) => i.kind).sort() : null;
    }, { message: "the like, the reply and the follow reached A" });
    expect(kinds).toEqual(["follow", "like", "reply"]);
  });
});
