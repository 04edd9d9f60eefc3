// Hostile and malformed bodies on a real instance's inbox (issue 9, points 3
// and 4): every one gets a clear 4xx and a one-line log, never a 500, and
// none holds the instance. Signed by a real actor of instance A, as a remote
// server would; JSON-LD contexts are served by a stand-in server that counts
// how often it is asked.
import { readFile } from "node:fs/promises";
import { Agent, createServer, request as httpsRequest, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { issueCertificate } from "../harness/tls.ts";
import { postToInbox, privateKeyOf } from "./support/signing.ts";

const AS = "https://www.w3.org/ns/activitystreams";

describe("malformed activities on a real inbox", () => {
  const net = useInstances(2, { readyTimeoutMs: 60_000 });
  let a: Instance;
  let b: Instance;
  let aliceUri: string;
  let bobUri: string;
  let aliceKey: CryptoKey;
  let contexts: { origin: string; hits: Map<string, number>; server: Server };

  beforeAll(async () => {
    [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri;
    bobUri = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri;
    aliceKey = await privateKeyOf(a, aliceUri);
    contexts = await startContextServer();
  }, 120_000);
  afterAll(async () => {
    contexts?.server.closeAllConnections();
    await new Promise<void>((resolve) => contexts?.server.close(() => resolve()));
  });

  async function startContextServer() {
    const cert = await issueCertificate(net.cluster.ca, "contexts");
    const hits = new Map<string, number>();
    // Answers nothing, ever: a context host that hangs, the worst case for a fetch in the request path.
    const server = createServer({ cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) }, (request) => {
      const path = request.url ?? "/";
      hits.set(path, (hits.get(path) ?? 0) + 1);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
  }

  const send = (body: unknown) => postToInbox(b, `${bobUri}/inbox`, typeof body === "string" ? body : JSON.stringify(body), aliceKey, aliceUri);

  function note(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const id = `${aliceUri}/notes/${crypto.randomUUID()}`;
    return { id, type: "Note", attributedTo: aliceUri, to: [bobUri], content: "<p>Bonjour</p>", published: "2026-12-03T10:00:00Z", ...extra };
  }

  function create(object: Record<string, unknown>, context: unknown = AS): Record<string, unknown> {
    return { "@context": context, id: `${object.id}#create`, type: "Create", actor: aliceUri, to: [bobUri], object };
  }

  function deeplyNested(levels: number): string {
    return `{"@context":"${AS}","type":"Create","actor":"${aliceUri}","object":${'{"type":"Note","inReplyTo":'.repeat(levels)}"x"${"}".repeat(levels)}}`;
  }

  it("refuses an unsigned body with 401 before parsing it, even a hostile one", async () => {
    const hostile = deeplyNested(1000); // 28 KB: 12 s of JSON-LD expansion before the fix
    const started = performance.now();
    const response = await postToInbox(b, `${bobUri}/inbox`, hostile, null, aliceUri);
    expect(response.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(2000);
    await waitFor(() => /Refused an unsigned POST/.test(b.logs()), { message: "the refusal was logged" });
  });

  it("answers 400 to nesting beyond the limit, signed or not deep enough to overflow the stack", async () => {
    for (const levels of [30, 3000, 30_000]) {
      const response = await send(deeplyNested(levels));
      expect(response.status, `${levels} levels`).toBe(400);
      expect(await response.text()).toMatch(/nesting deeper than/);
    }
  });

  it("answers 400 to an array beyond the limit and to too many values", async () => {
    const tags = Array.from({ length: 1001 }, (_, i) => `${aliceUri}/t${i}`);
    expect((await send(create(note({ cc: tags })))).status).toBe(400);
    const hashtags = Array.from({ length: 400 }, (_, i) => ({ type: "Hashtag", name: `#t${i}`, href: `${aliceUri}/tags/t${i}` }));
    const response = await send(create(note({ tag: hashtags })));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/more than \d+ values/);
  });

  it("answers 400 with a one-line log to each class of malformed activity", async () => {
    const cases: [string, unknown][] = [
      ["published not a string", create(note({ published: 1733220000 }))],
      ["published an object", create(note({ published: { "@value": "yesterday" } }))],
      ["a Mention whose href is an object", create(note({ tag: [{ type: "Mention", href: { type: "Link", name: "bob" }, name: "@bob" }] }))],
      [
        "an embedded key with a bad publicKeyPem",
        {
          "@context": [AS, "https://w3id.org/security/v1"],
          id: `${aliceUri}#update-${crypto.randomUUID()}`,
          type: "Update",
          actor: aliceUri,
          object: { id: aliceUri, type: "Person", inbox: `${aliceUri}/inbox`, publicKey: { id: `${aliceUri}#main-key`, owner: aliceUri, publicKeyPem: "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----" } },
        },
      ],
      [
        "a broken Data Integrity proof",
        {
          ...create(note()),
          "@context": [AS, "https://w3id.org/security/data-integrity/v1"],
          proof: { type: "DataIntegrityProof", cryptosuite: "eddsa-jcs-2022", verificationMethod: `${aliceUri}#ed25519-key`, proofPurpose: "assertionMethod", proofValue: "zNotBase58!!", created: "2026-12-03T10:00:00Z" },
        },
      ],
    ];
    for (const [name, body] of cases) {
      const before = b.logs().length;
      const response = await send(body);
      expect(response.status, name).toBe(400);
      const logged = await waitFor(() => b.logs().slice(before).split("\n").find((line) => /Refused .*400/.test(line)), { message: `${name} was logged` });
      expect(logged, name).toBeTruthy();
      // One line: no stack trace follows the refusal.
      expect(b.logs().slice(before), name).not.toMatch(/^\s+at /m);
    }
  });

  it("never fetches an unknown context in the request path, and asks a failing host once", async () => {
    const unknown = `${contexts.origin}/ns/unknown.jsonld`;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await send(create(note(), [AS, unknown]));
      expect(response.status).toBe(202);
      expect(performance.now() - started).toBeLessThan(5000);
    }
    // Fetched in the background, once: the hanging host is not asked again for each activity.
    await waitFor(() => contexts.hits.get("/ns/unknown.jsonld") === 1, { message: "the context was asked for once" });
    expect(contexts.hits.get("/ns/unknown.jsonld")).toBe(1);
  });

  it("accepts a Pleroma activity whose LitePub context host is unreachable (the context is bundled)", async () => {
    const litepub = `${contexts.origin}/schemas/litepub-0.1.jsonld`;
    const object = note({ sensitive: false, conversation: `${aliceUri}/contexts/1` });
    const started = performance.now();
    const response = await send(create(object, [AS, litepub, { "@language": "und" }]));
    expect(response.status).toBe(202);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(contexts.hits.get("/schemas/litepub-0.1.jsonld")).toBeUndefined();
  });

  it("after a 413, the next request on the same keep-alive connection is answered (or the 413 closed it)", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: net.cluster.ca.certPem });
    const sockets = new Set<unknown>();
    const call = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpsRequest(new URL(path, bobUri), { method, agent, headers: body ? { "Content-Type": "application/activity+json", "Content-Length": body.length, Signature: 'keyId="x"' } : {} }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on("socket", (socket) => sockets.add(socket));
        req.on("error", reject);
        req.end(body);
      });
    try {
      const tooLarge = await call("POST", `${bobUri}/inbox`, Buffer.alloc(2 * 1024 * 1024, "x"));
      expect(tooLarge.status).toBe(413);
      const next = await call("GET", "/healthz");
      expect(next.status).toBe(200);
      // Either the 413 said it closes the connection, or the same connection carried the next request.
      expect(tooLarge.connection === "close" || sockets.size === 1).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it("still accepts a well-formed signed activity (the refusals above are not vacuous)", async () => {
    const response = await send(create(note()));
    expect(response.status).toBe(202);
    expect(b.logs()).not.toMatch(/Internal server error|Unhandled error/);
  });
});
