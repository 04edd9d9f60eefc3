// Bad input about communities, sent by a stand-in remote server to a real
// instance: posts from non-members, moderator actions from non-moderators,
// likes and replies about things the Group does not carry, forged Announces
// in the Group's name, and a flood of Follows.
import { generateCryptoKeyPair } from "@fedify/fedify";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FOLLOWS_PER_HOST } from "../../federation/follow-flood.ts";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { postToInbox } from "./support/signing.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;

describe("communities: bad input on a real instance", () => {
  const net = useInstances(2);
  let remote: FakeServer | null = null;
  afterAll(async () => {
    await remote?.close();
  });

  function actorDocument(server: FakeServer, name: string) {
    const id = `${server.origin}/users/${name}`;
    server.documents.set(`/users/${name}`, {
      "@context": [AS, "https://w3id.org/security/v1"],
      id,
      type: "Person",
      preferredUsername: name,
      inbox: `${id}/inbox`,
      endpoints: { sharedInbox: `${server.origin}/inbox` },
      publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: server.publicKeyPem },
    });
    return id;
  }

  function note(server: FakeServer, author: string, path: string, fields: Record<string, unknown>): Record<string, unknown> & { id: string } {
    const object = { "@context": AS, id: `${server.origin}${path}`, type: "Note", attributedTo: author, content: "<p>Bonjour</p>", published: new Date().toISOString(), ...fields };
    server.documents.set(path, object);
    return object;
  }

  it("refuses a non-member's post into a private community, a non-moderator's removal, and things the Group does not carry", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    remote = await startFakeServer(net.cluster, "intruder");
    const moderator = await a.createUser("moderatrice");
    const member = await b.createUser("membre");
    const priv = (await a.api("POST", "/api/v1/communities", { handle: "prive", visibility: "private" }, moderator.token)).body;
    const pub = (await a.api("POST", "/api/v1/communities", { handle: "ouvert", visibility: "public" }, moderator.token)).body;
    for (const handle of ["prive", "ouvert"]) await b.api("POST", "/api/v1/follows", { target: a.handle(handle) }, member.token);
    const request = await waitFor(async () => (await a.api("GET", "/api/v1/communities/prive/requests", undefined, moderator.token)).body.items[0]);
    await a.api("POST", `/api/v1/communities/prive/requests/${request.id}/accept`, undefined, moderator.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, member.token)).body.total === 2, { message: "B's member joined both" });

    const intruder = actorDocument(remote, "intrus");
    // 1. A post from a non-member into the private community: rejected, not announced.
    const post = note(remote, intruder, "/notes/1", { to: [priv.uri], cc: [priv.followers ?? `${priv.uri}/followers`], audience: priv.uri, name: "Intrusion" });
    expect((await remote.post(`${priv.uri}/inbox`, intruder, { "@context": AS, id: `${remote.origin}/activities/1`, type: "Create", actor: intruder, object: post, to: [priv.uri] })).status).toBe(202);
    await waitFor(() => /Rejected post .*notes\/1.*not_member/.test(a.logs()), { message: "A rejected the non-member's post" });
    await waitFor(() => remote!.received.some((r) => r.body.type === "Reject" && r.body.object === `${remote!.origin}/activities/1`), {
      message: "the non-member's server was answered with Reject",
    });
    expect((await a.api("GET", "/api/v1/communities/prive/posts", undefined, moderator.token)).body.items).toEqual([]);

    // A legitimate thread in the public community, from the moderator.
    const thread = (await a.api("POST", "/api/v1/notes", { title: "Fil ouvert", content: "Discutons.", communities: ["ouvert"] }, moderator.token)).body;
    await waitFor(async () => (await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(thread.uri)}`, undefined, member.token)).status === 200);

    // 2. A moderator action (removal, as Lemmy's Delete) from a non-moderator: rejected.
    expect((await remote.post(`${pub.uri}/inbox`, intruder, { "@context": AS, id: `${remote.origin}/activities/2`, type: "Delete", actor: intruder, object: thread.uri, to: [PUBLIC], cc: [pub.uri], audience: pub.uri, summary: "spam" })).status).toBe(202);
    await waitFor(() => /Rejected Delete of .* not one of its authors/.test(a.logs()), { message: "A rejected the non-moderator's removal" });
    expect((await a.api("GET", "/api/v1/communities/ouvert/posts", undefined, moderator.token)).body.items.map((p: { uri: string }) => p.uri)).toEqual([thread.uri]);

    // 3. A Like and a reply about something the Group does not carry: ignored.
    expect((await remote.post(`${pub.uri}/inbox`, intruder, { "@context": AS, id: `${remote.origin}/activities/3`, type: "Like", actor: intruder, object: "https://ailleurs.example/notes/9", audience: pub.uri })).status).toBe(202);
    const stray = note(remote, intruder, "/notes/2", { to: [PUBLIC], cc: [pub.uri], audience: pub.uri, inReplyTo: "https://ailleurs.example/notes/9" });
    expect((await remote.post(`${pub.uri}/inbox`, intruder, { "@context": AS, id: `${remote.origin}/activities/4`, type: "Create", actor: intruder, object: stray, to: [PUBLIC], cc: [pub.uri] })).status).toBe(202);
    await waitFor(() => /Ignored Like .*ailleurs\.example/.test(a.logs()), { message: "the Like was ignored" });
    expect((await a.api("GET", "/api/v1/communities/ouvert/posts", undefined, moderator.token)).body.items).toHaveLength(1);

    // A Delete of something we never had: ignored, nothing changes.
    expect((await remote.post(`${pub.uri}/inbox`, intruder, { "@context": AS, id: `${remote.origin}/activities/5`, type: "Delete", actor: intruder, object: `${remote.origin}/notes/never` })).status).toBe(202);
    expect((await a.api("GET", "/api/v1/communities/ouvert/posts", undefined, moderator.token)).body.items).toHaveLength(1);

    // Nothing of the refused post reached the member's server.
    expect(b.logs()).not.toContain(`${remote.origin}/notes/1`);
  });

  it("refuses an Announce forged in the Group's name, by signature", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    remote ??= await startFakeServer(net.cluster, "intruder");
    const moderator = await a.createUser("gardien");
    const reader = await b.createUser("lecteur");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "gardee", visibility: "public" }, moderator.token)).body;
    await b.api("POST", "/api/v1/follows", { target: a.handle("gardee") }, reader.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, reader.token)).body.total === 1);
    const fake = note(remote, actorDocument(remote, "faussaire"), "/notes/forged", { to: [PUBLIC], name: "Fausse annonce" });
    const readerInbox = `${(await b.api("GET", "/api/v1/me", undefined, reader.token)).body.uri}/inbox`;
    // Signed with the intruder's key, but claiming the Group as actor and key owner.
    const response = await remote.post(readerInbox, group.uri, { "@context": AS, id: `${group.uri}#forged`, type: "Announce", actor: group.uri, object: fake, to: [PUBLIC] });
    expect(response.status).toBe(401);
    expect((await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(fake.id)}`, undefined, reader.token)).status).toBe(404);
  });

  it("throttles a flood of Follows from one host without affecting others, counting only verified ones", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    remote ??= await startFakeServer(net.cluster, "intruder");
    const moderator = await a.createUser("accueil");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "populaire", visibility: "public" }, moderator.token)).body;
    // Forged Follows in the intruder's name (signed with a key that is not its own) are refused and spend
    // nothing of its allowance.
    const { privateKey: forgerKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    for (let i = 0; i < MAX_FOLLOWS_PER_HOST + 5; i++) {
      const follower = actorDocument(remote, `robot${i}`);
      const body = JSON.stringify({ "@context": AS, id: `${follower}#forged-follow`, type: "Follow", actor: follower, object: group.uri });
      expect((await postToInbox(a, `${group.uri}/inbox`, body, forgerKey, follower)).status).toBe(401);
    }
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FOLLOWS_PER_HOST + 10; i++) {
      const follower = actorDocument(remote, `robot${i}`);
      statuses.push((await remote.post(`${group.uri}/inbox`, follower, { "@context": AS, id: `${follower}#follow`, type: "Follow", actor: follower, object: group.uri })).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    expect(statuses.slice(0, MAX_FOLLOWS_PER_HOST).every((s) => s === 202)).toBe(true);
    // Another server's member still joins at once.
    const person = await b.createUser("voisine");
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("populaire") }, person.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, person.token)).body.items[0]?.status === "accepted", {
      message: "a Follow from another host is still accepted",
    });
  });
});
