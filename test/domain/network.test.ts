// The network of instances and the federation policy on both databases: the
// queries behind the network page, sister connections and the worker's job.
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { EMPTY_PROFILE, ensureInstanceActor, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { currentPolicy, seedPolicy, setPolicy } from "../../src/domain/federation-policy.ts";
import { connectSister, listNetwork, networkMaintenance, SISTER_SYNC_MS, type NetworkPort } from "../../src/domain/network.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import type { Services } from "../../src/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

function remote(services: Services, host: string, username: string, type: ActorRow["type"] = "Person") {
  return upsertRemoteActor(services.db, {
    uri: `https://${host}/actors/${username}`,
    type,
    username,
    domain: host,
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `https://${host}/actors/${username}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: `https://${host}/actors/${username}/outbox`,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: EMPTY_PROFILE,
  });
}

function fakeNetwork(services: () => Services, calls: string[]): NetworkPort {
  return {
    nodeInfo: async (host) => {
      calls.push(`nodeinfo ${host}`);
      if (host === "down.example") throw new Error("unreachable");
      return {
        name: `Instance ${host}`,
        description: null,
        software: "encommun",
        version: "1",
        region: "Estrie",
        sector: null,
        languages: ["fr"],
        usersTotal: 5,
        usersActiveMonth: 2,
        localPosts: 7,
        openRegistrations: true,
        instanceActorUri: null,
      };
    },
    instanceActor: async (host) => remote(services(), host, "instance", "Application"),
    syncSister: async (host) => {
      calls.push(`sync ${host}`);
      return { notes: 0, communities: 0 };
    },
  };
}

describe.each(DATABASES)("the network on $name", ({ open }) => {
  const base = useServices(open);
  const calls: string[] = [];
  const services = (): Services => Object.assign(base(), { network: fakeNetwork(services, calls) });

  it("stores and changes the policy", async () => {
    await seedPolicy(services().db, { mode: "network-only", allowed: ["a.example"], blocked: [] });
    const { actor } = await createUser(services().db, services().config.publicUrl, { handle: "gestion", password: "correct horse battery", isAdmin: true });
    await setPolicy(services(), { actor, isAdmin: true }, { allowedInstances: ["a.example", "b.example:8443"], blockedInstances: ["x.example"] });
    expect(await currentPolicy(services().db)).toMatchObject({ mode: "network-only", allowed: ["a.example", "b.example:8443"], blocked: ["x.example"] });
  });

  it("lists sisters first, counts what is known of each host, and refreshes NodeInfo and sisters' outboxes on schedule", async () => {
    calls.length = 0;
    await ensureInstanceActor(services().db, services().config.publicUrl, "Test");
    const { actor } = await createUser(services().db, services().config.publicUrl, { handle: "gestion", password: "correct horse battery", isAdmin: true });
    const author = await remote(services(), "many.example", "autrice");
    await remote(services(), "many.example", "groupe", "Group");
    await remote(services(), "down.example", "x");
    await upsertRemoteNote(
      services().db,
      {
        uri: "https://many.example/notes/1",
        url: null,
        title: "Une note",
        summary: null,
        contentHtml: "<p>Bonjour</p>",
        contentSource: null,
        language: "fr",
        license: null,
        visibility: "public",
        authors: [author],
        inReplyTo: null,
        context: null,
        tags: [],
        terms: [],
        links: [],
        media: [],
        translations: [],
        published: new Date().toISOString(),
        updated: null,
      },
      async () => [],
    );
    const connected = await connectSister(services(), { actor, isAdmin: true }, "sister.example");
    expect(connected).toMatchObject({ host: "sister.example", created: true, sync: { notes: 0, communities: 0 } });

    const listed = await listNetwork(services(), { isAdmin: false });
    expect(listed.map((e) => [e.host, e.sister != null, e.knownActors, e.knownCommunities, e.keptNotes])).toEqual([
      ["sister.example", true, 1, 0, 0],
      ["many.example", false, 2, 1, 1],
      ["down.example", false, 1, 0, 0],
    ]);
    expect(listed[0]).toMatchObject({ region: "Estrie", users: 5, posts: 7, languages: ["fr"] });

    // The job: NodeInfo of the hosts never asked (a failure is remembered), and no sister read today again.
    calls.length = 0;
    const now = Date.now();
    expect(await networkMaintenance(services(), now)).toEqual({ refreshed: 2, synced: 0 });
    expect(calls.sort()).toEqual(["nodeinfo down.example", "nodeinfo many.example"]);
    calls.length = 0;
    expect(await networkMaintenance(services(), now + 1000)).toEqual({ refreshed: 0, synced: 0 });
    // A day later: everything again, and the sister's outbox once.
    const tomorrow = now + SISTER_SYNC_MS + 60_000;
    expect((await networkMaintenance(services(), tomorrow)).synced).toBe(1);
    expect((await networkMaintenance(services(), tomorrow)).synced).toBe(0);
    expect(calls.filter((c) => c.startsWith("sync"))).toEqual(["sync sister.example"]);

    // A host the policy refuses is asked nothing and listed for administrators only.
    await setPolicy(services(), { actor, isAdmin: true }, { blockedInstances: ["many.example"] });
    calls.length = 0;
    await networkMaintenance(services(), tomorrow + 2 * SISTER_SYNC_MS);
    expect(calls.some((c) => c.includes("many.example"))).toBe(false);
    expect((await listNetwork(services(), { isAdmin: false })).map((e) => e.host)).not.toContain("many.example");
    expect((await listNetwork(services(), { isAdmin: true })).find((e) => e.host === "many.example")?.allowed).toBe(false);
  });
});
