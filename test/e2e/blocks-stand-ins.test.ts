// Blocks with other software, over signed HTTP against a real instance:
// - Lemmy's `Block` of one of our members by a community moderator (the
//   fixture lemmy/activities/block/block_user.json), then `Undo(Block)`:
//   the member is banned from that community (membership ended, joining again
//   refused) and then free to join again;
// - our member's block of a Mastodon account: a `Block` in Mastodon's shape
//   reaches that account's own inbox, and `Undo(Block)` lifts it.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { rewrite, startFakeServer, type FakeServer } from "./support/fake-server.ts";

describe("blocks with Lemmy and Mastodon stand-ins", () => {
  const net = useInstances(1);
  const servers: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("a Lemmy community's Block bans our member (follow ended, joining refused) and its Undo lifts the ban", async () => {
    const [a] = net.instances as [Instance];
    const lemmy = await startFakeServer(net.cluster, "lemmy");
    servers.push(lemmy);
    const member = await a.createUser("membre");
    const memberUri = (await a.api("GET", "/api/v1/me", undefined, member.token)).body.uri as string;
    const groupUri = `${lemmy.origin}/c/main`;
    const moderatorUri = `${lemmy.origin}/u/lemmy_beta`;
    const hosts = { "https://enterprise.lemmy.ml": lemmy.origin, "http://enterprise.lemmy.ml": lemmy.origin };
    const group = rewrite(loadFixture("lemmy/objects/group.json"), hosts) as Record<string, any>;
    lemmy.documents.set("/c/main", {
      ...group,
      id: groupUri,
      preferredUsername: "main",
      inbox: `${groupUri}/inbox`,
      followers: `${groupUri}/followers`,
      outbox: `${groupUri}/outbox`,
      attributedTo: `${groupUri}/moderators`,
      featured: `${groupUri}/featured`,
      publicKey: { id: `${groupUri}#main-key`, owner: groupUri, publicKeyPem: lemmy.publicKeyPem },
    });
    const person = rewrite(loadFixture("lemmy/objects/person.json"), hosts) as Record<string, any>;
    lemmy.documents.set("/u/lemmy_beta", {
      ...person,
      id: moderatorUri,
      preferredUsername: "lemmy_beta",
      inbox: `${moderatorUri}/inbox`,
      outbox: `${moderatorUri}/outbox`,
      endpoints: { sharedInbox: `${lemmy.origin}/inbox` },
      publicKey: { id: `${moderatorUri}#main-key`, owner: moderatorUri, publicKeyPem: lemmy.publicKeyPem },
    });

    // The member joins the community; Lemmy accepts.
    expect((await a.api("POST", "/api/v1/follows", { target: groupUri }, member.token)).status).toBe(201);
    const follow = await waitFor(() => lemmy.received.find((r) => r.body.type === "Follow")?.body, { message: "the Follow reached Lemmy" });
    const accept = { "@context": "https://www.w3.org/ns/activitystreams", id: `${groupUri}/activities/accept/1`, type: "Accept", actor: groupUri, object: follow };
    expect((await lemmy.post(`${a.origin}/inbox`, groupUri, accept)).status).toBe(202);
    const following = () => a.api("GET", "/api/v1/following", undefined, member.token);
    await waitFor(async () => (await following()).body.items[0]?.status === "accepted", { message: "the member joined" });

    // A moderator's Block (the Lemmy fixture, addressed to our member), signed, to the member's server.
    const block = rewrite(loadFixture("lemmy/activities/block/block_user.json"), { ...hosts, "http://ds9.lemmy.ml/u/lemmy_alpha": memberUri }) as Record<string, any>;
    expect(block).toMatchObject({ type: "Block", actor: moderatorUri, object: memberUri, target: groupUri });
    expect((await lemmy.post(`${a.origin}/inbox`, moderatorUri, block)).status).toBe(202);
    await waitFor(async () => (await following()).body.items.length === 0, { message: "the ban ended the membership" });
    const again = await a.api("POST", "/api/v1/follows", { target: groupUri }, member.token);
    expect(again.status).toBe(403);

    // Lemmy's Undo(Block) embeds the Block it undoes.
    const undo = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${lemmy.origin}/activities/undo/1`,
      type: "Undo",
      actor: moderatorUri,
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      cc: [groupUri],
      object: block,
    };
    expect((await lemmy.post(`${a.origin}/inbox`, moderatorUri, undo)).status).toBe(202);
    await waitFor(async () => (await a.api("POST", "/api/v1/follows", { target: groupUri }, member.token)).status === 201, { message: "the Undo lifted the ban" });

    // Lemmy relays its moderator's ban to the community's followers as the Group's Announce(Block): same effect.
    const follows = () => lemmy.received.filter((r) => r.body.type === "Follow");
    await waitFor(() => follows().length === 2, { message: "the member asked to join again" });
    const accept2 = { ...accept, id: `${groupUri}/activities/accept/2`, object: follows()[1]!.body };
    expect((await lemmy.post(`${a.origin}/inbox`, groupUri, accept2)).status).toBe(202);
    await waitFor(async () => (await following()).body.items[0]?.status === "accepted", { message: "the member joined again" });
    const announce = (id: string, object: unknown) => ({ "@context": "https://www.w3.org/ns/activitystreams", id: `${groupUri}/activities/announce/${id}`, type: "Announce", actor: groupUri, to: ["https://www.w3.org/ns/activitystreams#Public"], cc: [`${groupUri}/followers`], object });
    // A Block embedded by the Group but by an actor of another server is not the Group's word: dropped.
    const forged = { ...block, id: `https://elsewhere.invalid/activities/block/1`, actor: "https://elsewhere.invalid/u/mallory" };
    expect((await lemmy.post(`${a.origin}/inbox`, groupUri, announce("0", forged))).status).toBe(202);
    await waitFor(() => /Dropped ban announced by .*does not speak for it/.test(a.logs()), { message: "the forged ban was dropped" });
    expect((await following()).body.items[0]?.status).toBe("accepted");
    expect((await lemmy.post(`${a.origin}/inbox`, groupUri, announce("1", { ...block, id: `${lemmy.origin}/activities/block/2` }))).status).toBe(202);
    await waitFor(async () => (await following()).body.items.length === 0, { message: "the announced ban ended the membership" });
    expect((await a.api("POST", "/api/v1/follows", { target: groupUri }, member.token)).status).toBe(403);
    expect((await lemmy.post(`${a.origin}/inbox`, groupUri, announce("2", { ...undo, id: `${lemmy.origin}/activities/undo/2` }))).status).toBe(202);
    await waitFor(async () => (await a.api("POST", "/api/v1/follows", { target: groupUri }, member.token)).status === 201, { message: "the announced Undo lifted the ban" });
  }, 120_000);

  it("our member's block of a Mastodon account sends Mastodon's Block to that account's inbox, and Undo(Block) when lifted", async () => {
    const [a] = net.instances as [Instance];
    const mastodon = await startFakeServer(net.cluster, "mastodon");
    servers.push(mastodon);
    const member = await a.createUser("bloqueuse");
    const memberUri = (await a.api("GET", "/api/v1/me", undefined, member.token)).body.uri as string;
    const person = rewrite(loadFixture("mastodon/objects/person.json"), { "https://masto.qa.urbanwildlife.biz": mastodon.origin }) as Record<string, any>;
    const accountUri = `${mastodon.origin}/users/mastodon`;
    mastodon.documents.set("/users/mastodon", { ...person, publicKey: { id: `${accountUri}#main-key`, owner: accountUri, publicKeyPem: mastodon.publicKeyPem } });

    const created = await a.api("POST", "/api/v1/blocks", { target: accountUri, kind: "block" }, member.token);
    expect(created.status).toBe(201);
    const received = await waitFor(() => mastodon.received.find((r) => r.body.type === "Block"), { message: "the Block reached Mastodon" });
    expect(received.path).toBe("/users/mastodon/inbox");
    expect(received.body).toMatchObject({ id: `${memberUri}#blocks/${created.body.id}`, type: "Block", actor: memberUri, object: accountUri });

    expect((await a.api("DELETE", `/api/v1/blocks/${created.body.id}`, undefined, member.token)).status).toBe(204);
    const undo = await waitFor(() => mastodon.received.find((r) => r.body.type === "Undo"), { message: "the Undo(Block) reached Mastodon" });
    expect(undo.path).toBe("/users/mastodon/inbox");
    expect(undo.body).toMatchObject({ type: "Undo", actor: memberUri, object: { type: "Block", id: `${memberUri}#blocks/${created.body.id}`, actor: memberUri, object: accountUri } });
  }, 120_000);
});
