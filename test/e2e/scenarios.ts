// Scenarios run against instances on either database.
import { expect } from "vitest";
import { waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };

export async function collectionItems(instance: Instance, collectionUrl: string): Promise<{ total: number; items: string[] }> {
  const collection = await (await instance.fetch(collectionUrl, { headers: AP })).json();
  const items: string[] = [];
  let next: string | undefined = collection.first;
  while (next) {
    const page = await (await instance.fetch(next, { headers: AP })).json();
    items.push(...(page.orderedItems ?? page.items ?? []).map((item: string | { id: string }) => (typeof item === "string" ? item : item.id)));
    next = page.next;
  }
  return { total: collection.totalItems, items };
}

/** alice on A follows bob on B by handle; B accepts; B's followers list her; after unfollow they do not. */
export async function followAndUnfollow(a: Instance, b: Instance): Promise<void> {
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const bobMe = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body;
    const aliceMe = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body;

    const follow = await a.api("POST", "/api/v1/follows", { target: b.handle("bob") }, alice.token);
    expect(follow.status).toBe(201);
    expect(follow.body.status).toBe("pending");
    expect(follow.body.actor.uri).toBe(bobMe.uri);

    // B accepts at once (bob's account is not locked): A learns it from the Accept.
    await waitFor(async () => {
      const following = await a.api("GET", "/api/v1/following", undefined, alice.token);
      return following.body.items[0]?.status === "accepted";
    }, { message: "Accept reached A" });

    const followers = await collectionItems(b, `${bobMe.uri}/followers`);
    expect(followers).toEqual({ total: 1, items: [aliceMe.uri] });
    const bobsFollowers = await b.api("GET", "/api/v1/followers", undefined, bob.token);
    expect(bobsFollowers.body.total).toBe(1);
    expect(bobsFollowers.body.items[0].actor.handle).toBe(`@alice@${a.host}`);
    expect((await collectionItems(a, `${aliceMe.uri}/following`)).items).toEqual([bobMe.uri]);

    // Following again is idempotent.
    expect((await a.api("POST", "/api/v1/follows", { target: bobMe.uri }, alice.token)).status).toBe(200);

    const unfollow = await a.api("DELETE", `/api/v1/follows?target=${encodeURIComponent(b.handle("bob"))}`, undefined, alice.token);
    expect(unfollow.status).toBe(204);
    await waitFor(async () => (await collectionItems(b, `${bobMe.uri}/followers`)).total === 0, { message: "Undo reached B" });
    expect((await collectionItems(b, `${bobMe.uri}/followers`)).items).toEqual([]);
    expect((await a.api("GET", "/api/v1/following", undefined, alice.token)).body.total).toBe(0);
  }
