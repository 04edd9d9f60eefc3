// What a real instance's inbox does with bad input: unsigned, wrongly signed,
// malformed, oversized, impersonating or unknown activities. The test signs
// requests itself with a key read from instance A's database.
import { generateCryptoKeyPair, importJwk, signRequest } from "@fedify/fedify";
import SqliteDatabase from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type CreatedUser, type Instance } from "../harness/harness.ts";

const AP_JSON = "application/activity+json";

describe("inbox bad input on a real instance", () => {
  const net = useInstances(2);
  let a: Instance;
  let b: Instance;
  let alice: CreatedUser;
  let bob: CreatedUser;
  let aliceUri: string;
  let carolUri: string;
  let bobUri: string;
  let aliceKey: CryptoKey;

  beforeAll(async () => {
    [a, b] = net.instances as [Instance, Instance];
    alice = await a.createUser("alice");
    const carol = await a.createUser("carol");
    bob = await b.createUser("bob");
    aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri;
    carolUri = (await a.api("GET", "/api/v1/me", undefined, carol.token)).body.uri;
    bobUri = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri;
    // Keys are made on first use: fetching the actor document creates them.
    await a.fetch(aliceUri, { headers: { Accept: AP_JSON } });
    const db = new SqliteDatabase(a.databaseUrl.replace(/^sqlite:/, ""), { readonly: true });
    const row = db
      .prepare("select k.private_jwk from key_pairs k join actors a on a.id = k.actor_id where a.uri = ? and k.algorithm = 'RSASSA-PKCS1-v1_5'")
      .get(aliceUri) as { private_jwk: string };
    db.close();
    aliceKey = await importJwk(JSON.parse(row.private_jwk), "private");
  });

  function follow(actor: string, id = `${actor}#follows/${crypto.randomUUID()}`): Record<string, unknown> {
    return { "@context": "https://www.w3.org/ns/activitystreams", id, type: "Follow", actor, object: bobUri };
  }

  async function post(body: string, sign: CryptoKey | null, keyId = `${aliceUri}#main-key`): Promise<Response> {
    let request = new Request(`${bobUri}/inbox`, { method: "POST", headers: { "Content-Type": AP_JSON, Accept: AP_JSON }, body });
    if (sign) request = await signRequest(request, sign, new URL(keyId));
    return b.fetch(request.url, { method: "POST", headers: request.headers, body });
  }

  async function followerCount(): Promise<number> {
    const followers = await b.api("GET", "/api/v1/followers", undefined, bob.token);
    const requests = await b.api("GET", "/api/v1/follow_requests", undefined, bob.token);
    return followers.body.total + requests.body.items.length;
  }

  it("refuses an unsigned activity with 401 and stores nothing", async () => {
    const response = await post(JSON.stringify(follow(aliceUri)), null);
    expect(response.status).toBe(401);
    expect(await followerCount()).toBe(0);
  });

  it("refuses a signature made with another key with 401 and stores nothing", async () => {
    const forged = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const response = await post(JSON.stringify(follow(aliceUri)), forged.privateKey);
    expect(response.status).toBe(401);
    expect(await followerCount()).toBe(0);
  });

  it("refuses an activity whose actor is not the signer", async () => {
    const response = await post(JSON.stringify(follow(carolUri)), aliceKey);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await followerCount()).toBe(0);
  });

  it("answers malformed JSON with 400", async () => {
    const response = await post('{"type": "Follow", "actor": ', aliceKey);
    expect(response.status).toBe(400);
  });

  it("answers a body over 1 MiB with 413", async () => {
    const huge = JSON.stringify({ ...follow(aliceUri), content: "x".repeat(1024 * 1024 + 1) });
    const response = await post(huge, null);
    expect(response.status).toBe(413);
  });

  it("acknowledges an unknown activity type with 202 and ignores it", async () => {
    const response = await post(
      JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${aliceUri}#frob`, type: "Arrive", actor: aliceUri, location: "Saint-Jérôme" }),
      aliceKey,
    );
    expect(response.status).toBe(202);
    await waitFor(() => /Ignored unsupported activity .*Arrive/.test(b.logs()), { message: "the ignored activity was logged" });
    expect(await followerCount()).toBe(0);
  });

  it("still accepts a correctly signed Follow (the checks above are not vacuous)", async () => {
    const response = await post(JSON.stringify(follow(aliceUri)), aliceKey);
    expect(response.status).toBe(202);
    await waitFor(async () => (await followerCount()) === 1, { message: "the signed Follow was stored" });
    expect(b.logs()).not.toMatch(/\b500\b.*inbox/);
  });
});
