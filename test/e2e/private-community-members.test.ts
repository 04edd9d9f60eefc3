// Over ActivityPub, as over the pages: a private community's followers
// collection (its members) is served to members and moderators only, and a
// member's following collection shows the community only to fellow members.
// A real member on another instance signs the fetches.
import { signRequest } from "@fedify/fedify";
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { AP_JSON, privateKeyOf } from "./support/signing.ts";

async function fetchAs(instance: Instance, url: string, signer: { uri: string; key: CryptoKey } | null): Promise<Response> {
  let request = new Request(url, { headers: { Accept: AP_JSON } });
  if (signer) request = await signRequest(request, signer.key, new URL(`${signer.uri}#main-key`));
  return instance.fetch(url, { headers: request.headers });
}

describe("a private community's members over ActivityPub", () => {
  const net = useInstances(2);

  it("are served to members only, in the Group's followers and in members' following", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const eve = await b.createUser("eve");
    const cercle = await a.api("POST", "/api/v1/communities", { handle: "cercle", visibility: "private" }, alice.token);
    expect(cercle.status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("cercle") }, bob.token)).status).toBe(201);
    const request = await waitFor(async () => (await a.api("GET", "/api/v1/communities/cercle/requests", undefined, alice.token)).body.items[0], {
      message: "bob's join request reached A",
    });
    expect((await a.api("POST", `/api/v1/communities/cercle/requests/${request.id}/accept`, undefined, alice.token)).status).toBe(200);
    const uriOf = async (instance: Instance, token: string) => (await instance.api("GET", "/api/v1/me", undefined, token)).body.uri as string;
    const [aliceUri, bobUri, eveUri] = [await uriOf(a, alice.token), await uriOf(b, bob.token), await uriOf(b, eve.token)];
    const asBob = { uri: bobUri, key: await privateKeyOf(b, bobUri) };
    const asEve = { uri: eveUri, key: await privateKeyOf(b, eveUri) };

    const members = `${cercle.body.uri}/followers`;
    for (const url of [members, `${members}?cursor=first`]) {
      expect((await fetchAs(a, url, null)).status, `unsigned ${url}`).toBe(401);
      expect((await fetchAs(a, url, asEve)).status, `a non-member, ${url}`).toBe(401);
    }
    const page = await (await fetchAs(a, `${members}?cursor=first`, asBob)).json();
    expect(page.orderedItems ?? page.items).toEqual(expect.arrayContaining([bobUri, aliceUri]));

    // Alice (its creator, a member) follows the community: only fellow members see it.
    const following = `${aliceUri}/following`;
    const hidden = await (await fetchAs(a, following, asEve)).json();
    expect(hidden.totalItems).toBe(0);
    const hiddenPage = await (await fetchAs(a, `${following}?cursor=first`, null)).json();
    expect(hiddenPage.orderedItems ?? hiddenPage.items ?? []).not.toContain(cercle.body.uri);
    const shown = await (await fetchAs(a, following, asBob)).json();
    expect(shown.totalItems).toBe(1);
    const shownPage = await (await fetchAs(a, `${following}?cursor=first`, asBob)).json();
    expect([shownPage.orderedItems ?? shownPage.items].flat()).toEqual([cercle.body.uri]);
  }, 120_000);
});
