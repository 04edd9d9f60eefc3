// Following between people on two real instances, over signed https on
// loopback: Follow / Accept / Reject / Undo, Update(Person), Delete(Person).
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { followAndUnfollow } from "./scenarios.ts";

const AP = { Accept: "application/activity+json" };

describe("following across instances", () => {
  const net = useInstances(2);

  it("alice on A follows bob on B by handle; B accepts; unfollow removes her", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    await followAndUnfollow(a, b);
  });

  it("prints a one-time setup link on a first start with no admin, which creates the first admin once", async () => {
    const [, b] = net.instances as [Instance, Instance];
    const link = /No administrator yet\. Create the first one[^']*'(https:\/\/[^']+\/setup\/[^']+)'/.exec(b.logs())?.[1];
    expect(link).toBeDefined();
    const form = await b.fetch(link!);
    expect(form.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    const body = new URLSearchParams({ handle: "premiere", password: "une-phrase-de-passe-longue", ...(csrf ? { _csrf: csrf } : {}) });
    const created = await b.fetch(link!, { method: "POST", body, redirect: "manual", headers: { Origin: b.origin, "Content-Type": "application/x-www-form-urlencoded" } });
    expect([200, 302, 303]).toContain(created.status);
    const token = (await b.cli(["token", "create", "premiere"])).stdout.trim().split("\n").at(-1)!;
    expect((await b.api("GET", "/api/v1/me", undefined, token)).body.isAdmin).toBe(true);
    expect((await b.fetch(link!)).status).toBe(410);
  });

  it("a locked account on B accepts one follower and rejects another", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const carol = await b.createUser("carol");
    const dan = await a.createUser("dan");
    const erin = await a.createUser("erin");
    expect((await b.api("PATCH", "/api/v1/me", { locked: true }, carol.token)).body.locked).toBe(true);

    for (const user of [dan, erin]) {
      const follow = await a.api("POST", "/api/v1/follows", { target: b.handle("carol") }, user.token);
      expect(follow.status).toBe(201);
    }
    const requests = await waitFor(async () => {
      const pending = await b.api("GET", "/api/v1/follow_requests", undefined, carol.token);
      return pending.body.items.length === 2 ? pending.body.items : null;
    }, { message: "both Follows reached B" });
    const byHandle = (handle: string) => requests.find((r: { actor: { username: string } }) => r.actor.username === handle);

    expect((await b.api("POST", `/api/v1/follow_requests/${byHandle("dan").id}/accept`, undefined, carol.token)).status).toBe(200);
    expect((await b.api("POST", `/api/v1/follow_requests/${byHandle("erin").id}/reject`, undefined, carol.token)).status).toBe(200);

    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, dan.token)).body.items[0]?.status === "accepted", {
      message: "Accept reached A",
    });
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, erin.token)).body.items.length === 0, {
      message: "Reject reached A",
    });
    expect((await b.api("GET", "/api/v1/followers", undefined, carol.token)).body.items.map((i: { actor: { username: string } }) => i.actor.username)).toEqual(["dan"]);
  });

  it("a profile change reaches followers as Update(Person); a deleted account becomes a 410 Tombstone and leaves their lists", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const frank = await a.createUser("frank");
    const gina = await b.createUser("gina");
    const ginaMe = (await b.api("GET", "/api/v1/me", undefined, gina.token)).body;
    await a.api("POST", "/api/v1/follows", { target: b.handle("gina") }, frank.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/followers", undefined, gina.token)).body.total === 1, { message: "Follow reached B" });

    const patched = await b.api(
      "PATCH",
      "/api/v1/me",
      { name: "Gina des Laurentides", summary: "Jardins collectifs", fields: { interests: ["jardins"], region: "Laurentides", standpoint: "bénévole" } },
      gina.token,
    );
    expect(patched.status).toBe(200);
    await waitFor(async () => {
      const seen = await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(ginaMe.uri)}`, undefined, frank.token);
      return seen.body.name === "Gina des Laurentides" && seen.body.summary === "Jardins collectifs";
    }, { message: "Update(Person) reached A" });

    expect((await b.api("DELETE", "/api/v1/me", { password: gina.password }, gina.token)).status).toBe(200);
    const gone = await b.fetch(ginaMe.uri, { headers: AP });
    expect(gone.status).toBe(410);
    expect((await gone.json()).type).toBe("Tombstone");
    expect((await b.api("GET", "/api/v1/me", undefined, gina.token)).status).toBe(401);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, frank.token)).body.total === 0, {
      message: "Delete(Person) reached A",
    });
    const lookup = await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(ginaMe.uri)}`, undefined, frank.token);
    expect(lookup.status).toBe(404);
  });
});
