// Co-authorship by consent across two real instances: naming bob never sends
// a note in his name until he accepts, and another server cannot put a note
// on bob's page by listing him in its attributedTo.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };

const handles = (actors: { handle: string }[]) => actors.map((a) => a.handle);

async function titlesBy(instance: Instance, author: string, token: string): Promise<string[]> {
  const listed = await instance.api("GET", `/api/v1/notes?author=${encodeURIComponent(author)}`, undefined, token);
  return listed.body.items.map((n: { title: string }) => n.title);
}

async function storedOn(instance: Instance, uri: string, token: string) {
  const seen = await instance.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(uri)}`, undefined, token);
  return seen.status === 200 ? seen.body : null;
}

describe("co-authorship by consent across instances", () => {
  // Headroom for a busy machine (the CI may run at load 7 or more).
  const net = useInstances(2, { readyTimeoutMs: 60_000 });
  const patience = { timeout: 60_000 };

  it("B, following bob on A, receives nothing in bob's name until he accepts, then the note with bob in attributedTo", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await a.createUser("bob");
    const reader = await b.createUser("reader");
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("bob") }, reader.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, reader.token)).body.total === 1, { ...patience, message: "reader follows bob" });

    const created = await a.api("POST", "/api/v1/notes", { title: "Semer à deux", content: "Écrit par alice.", authors: [a.handle("alice"), a.handle("bob")] }, alice.token);
    expect(created.status).toBe(201);
    expect(handles(created.body.authors)).toEqual([`@alice@${a.host}`]);
    expect(handles(created.body.invitedAuthors)).toEqual([`@bob@${a.host}`]);
    const article = await (await a.fetch(created.body.uri, { headers: AP })).json();
    expect([article.attributedTo].flat()).toEqual([created.body.authors[0].uri]);

    // Something bob did write, published after the invitation, reaches B: the invited note did not.
    const own = await a.api("POST", "/api/v1/notes", { title: "De bob", content: "Écrit par bob." }, bob.token);
    await waitFor(() => storedOn(b, own.body.uri, reader.token), { ...patience, message: "bob's own note reached B" });
    expect(await storedOn(b, created.body.uri, reader.token)).toBeNull();
    expect(await titlesBy(a, "bob", bob.token)).toEqual(["De bob"]);

    const pending = await a.api("GET", "/api/v1/coauthorships", undefined, bob.token);
    expect(pending.body.items).toHaveLength(1);
    const accepted = await a.api("POST", `/api/v1/coauthorships/${pending.body.items[0].id}/accept`, undefined, bob.token);
    expect(accepted.status).toBe(200);
    expect(handles(accepted.body.authors)).toEqual([`@alice@${a.host}`, `@bob@${a.host}`]);
    expect((await titlesBy(a, "bob", bob.token)).sort()).toEqual(["De bob", "Semer à deux"]);

    const onB = await waitFor(async () => {
      const seen = await storedOn(b, created.body.uri, reader.token);
      return seen?.authors.length === 2 ? seen : null;
    }, { ...patience, message: "the note reached B with bob among its authors" });
    expect(handles(onB.authors)).toEqual([`@alice@${a.host}`, `@bob@${a.host}`]);
    expect(onB.title).toBe("Semer à deux");
    const served = await (await a.fetch(created.body.uri, { headers: AP })).json();
    expect(served.attributedTo).toEqual([created.body.authors[0].uri, accepted.body.authors[1].uri]);
  }, 240_000);

  it("a remote Create listing a local person among its authors does not make them one", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const carol = await a.createUser("carol");
    const mallory = await b.createUser("mallory");
    // For B, carol is a remote co-author: credited there, and sent the Create (signed by mallory's server).
    const forged = await b.api("POST", "/api/v1/notes", { title: "Signé carol", content: "Pas par carol.", authors: [b.handle("mallory"), a.handle("carol")] }, mallory.token);
    expect(forged.status).toBe(201);
    expect(handles(forged.body.authors)).toEqual([`@mallory@${b.host}`, `@carol@${a.host}`]);

    // A keeps it (it is addressed to carol), credited to mallory alone.
    const onA = await waitFor(() => storedOn(a, forged.body.uri, carol.token), { ...patience, message: "the Create reached A" });
    expect(handles(onA.authors)).toEqual([`@mallory@${b.host}`]);
    expect(await titlesBy(a, "carol", carol.token)).toEqual([]);
    expect((await a.api("GET", "/api/v1/coauthorships", undefined, carol.token)).body.items).toEqual([]);
  }, 180_000);
});
