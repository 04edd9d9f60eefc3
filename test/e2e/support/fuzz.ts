// The inbox fuzzer shared by the CI test (test/e2e/inbox-fuzz.test.ts, a few
// thousand bodies) and the bench (bench/inbox-fuzz.ts, 10,000): real-world
// activities from test/fixtures/activitypub, re-homed on a real actor's host
// so that the server can fetch what they name, then mutated by a seeded
// generator towards the classes of garbage the fediverse sends (numbers for
// dates, objects for links, broken keys and proofs, unknown contexts, deep
// nesting, huge arrays), signed with the actor's real key, and POSTed while a
// poller measures how fast /healthz answers and the server's RSS is sampled.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { Agent, request as httpsRequest } from "node:https";
import { join } from "node:path";
import { signRequest } from "@fedify/fedify";

const FIXTURES = "test/fixtures/activitypub";
const AS = "https://www.w3.org/ns/activitystreams";
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A small seeded generator (mulberry32): the same seed gives the same bodies. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? fixtureFiles(path) : [path];
    });
}

export interface FuzzTarget {
  /** The signing actor (its key signs every body). */
  readonly actor: string;
  /** The local actor the activities are addressed to. */
  readonly recipient: string;
  /** An origin whose contexts never load (a refusing or hanging host). */
  readonly deadContextOrigin: string;
}

/** The fixtures as activities of `target.actor`: objects wrapped in a Create, every fixture host moved under the actor's origin. */
export function seedActivities(target: FuzzTarget): JsonObject[] {
  const home = new URL(target.actor).origin;
  return fixtureFiles().map((path, n) => {
    let document = JSON.parse(readFileSync(path, "utf8")) as JsonObject;
    if (!("actor" in document)) document = { "@context": document["@context"] ?? AS, id: `${home}/fuzz/create-${n}`, type: "Create", actor: target.actor, object: document };
    const hosts = new Set<string>();
    for (const key of ["id", "actor"]) if (typeof document[key] === "string") hosts.add(new URL(document[key] as string).host);
    const rehomed = rehome(document, hosts, home) as JsonObject;
    rehomed.actor = target.actor;
    rehomed.to = [target.recipient];
    const object = rehomed.object;
    if (object && typeof object === "object" && !Array.isArray(object) && "attributedTo" in object) object.attributedTo = target.actor;
    return rehomed;
  });
}

function rehome(value: Json, hosts: Set<string>, home: string): Json {
  if (typeof value === "string") {
    const match = /^https?:\/\/([^/]+)(.*)$/.exec(value);
    return match && hosts.has(match[1]!) ? `${home}/fuzz/${match[1]}${match[2]}` : value;
  }
  if (Array.isArray(value)) return value.map((item) => rehome(item, hosts, home));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rehome(v, hosts, home)]));
  return value;
}

/** `count` mutated bodies, each one to three mutations away from a fixture. */
export function* mutatedActivities(seed: number, count: number, target: FuzzTarget): Generator<string> {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const seeds = seedActivities(target);
  const nested = (levels: number): Json => {
    let value: Json = { type: "Note", content: "x" };
    for (let i = 0; i < levels; i++) value = { type: "Note", inReplyTo: value };
    return value;
  };
  const weird = (): Json =>
    pick<() => Json>([
      () => int(2 ** 31),
      () => -1.5e308,
      () => pick([true, false, null]),
      () => "",
      () => "x".repeat(int(20_000)),
      () => ({}),
      () => [],
      () => [null, 1, {}],
      () => ({ "@id": 5 }),
      () => ({ "@value": {} }),
      () => ({ type: "Link", name: "x" }),
      () => "not a date",
      () => "https://",
      () => "javascript:alert(1)",
      () => nested(int(40)),
    ])();
  const objectOf = (doc: JsonObject): JsonObject => {
    const object = doc.object;
    if (object && typeof object === "object" && !Array.isArray(object)) return object;
    const fresh: JsonObject = { id: `${new URL(target.actor).origin}/fuzz/${int(1e9)}`, type: "Note", attributedTo: target.actor, content: "x" };
    doc.object = fresh;
    return fresh;
  };
  const containers = (value: Json, found: (JsonObject | Json[])[] = []): (JsonObject | Json[])[] => {
    if (value && typeof value === "object") {
      found.push(value);
      for (const child of Array.isArray(value) ? value : Object.values(value)) containers(child, found);
    }
    return found;
  };
  const mutations: ((doc: JsonObject) => void)[] = [
    // A value of the wrong kind anywhere.
    (doc) => {
      const target = pick(containers(doc));
      if (Array.isArray(target)) target[int(target.length + 1)] = weird();
      else {
        const keys = Object.keys(target);
        target[keys.length > 0 && random() < 0.8 ? pick(keys) : `extra${int(9)}`] = weird();
      }
    },
    // A member gone.
    (doc) => {
      const target = pick(containers(doc));
      if (!Array.isArray(target)) delete target[pick(Object.keys(target)) ?? ""];
    },
    // Contexts: one that never loads, LitePub from a host we never heard of, garbage.
    (doc) => {
      doc["@context"] = pick<Json>([
        [AS, `${target.deadContextOrigin}/ns/${int(50)}.jsonld`],
        [AS, `https://pleroma-${int(1000)}.invalid/schemas/litepub-0.1.jsonld`, { "@language": "und" }],
        [AS, "https://join-lemmy.org/context.json"],
        42,
        [AS, { Note: { "@id": 7 } }],
        [AS, { "@vocab": 5 }],
        "relative.jsonld",
        [AS, "https://w3id.org/security/v1", { toot: "http://joinmastodon.org/ns#", Emoji: "toot:Emoji" }],
      ]);
    },
    // `published` not a string.
    (doc) => {
      objectOf(doc).published = pick<Json>([1733220000, {}, [], "yesterday", null, true, { "@value": 3 }]);
    },
    // A Mention whose href is an object.
    (doc) => {
      const object = objectOf(doc);
      object.tag = [...(Array.isArray(object.tag) ? object.tag : []), { type: "Mention", name: "@bob", href: pick<Json>([{ type: "Link" }, {}, { href: target.recipient }, [1], 7]) }];
    },
    // An embedded key with a bad publicKeyPem.
    (doc) => {
      const object = objectOf(doc);
      object.publicKey = { id: `${target.actor}#main-key`, owner: target.actor, publicKeyPem: pick(["", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "x".repeat(int(3000))]) };
      if (random() < 0.5) object.type = "Person";
    },
    // A broken Data Integrity proof.
    (doc) => {
      doc.proof = {
        type: "DataIntegrityProof",
        cryptosuite: pick(["eddsa-jcs-2022", "bogus", ""]),
        verificationMethod: pick<Json>([`${target.actor}#ed25519-key`, 5, {}]),
        proofPurpose: "assertionMethod",
        proofValue: pick<Json>(["zNotBase58!!", "z", 12, ""]),
        created: pick<Json>(["2026-12-03T10:00:00Z", "soon", 3]),
      };
    },
    // Deep nesting: around the limit, and now and then far beyond (1,000 levels once froze the instance for 12 s).
    (doc) => {
      objectOf(doc).inReplyTo = nested(random() < 0.8 ? int(40) : 200 + int(2800));
    },
    // A long array, around the limits.
    (doc) => {
      const object = objectOf(doc);
      object.cc = Array.from({ length: int(1200) }, (_, i) => `${target.actor}/followers-${i}`);
    },
    // Another activity type.
    (doc) => {
      doc.type = pick<Json>(["Follow", "Like", "Undo", "Announce", "Delete", "Update", "Add", "Remove", "Accept", "Reject", "Arrive", 42, ["Create", "Note"]]);
    },
  ];
  for (let i = 0; i < count; i++) {
    const doc = structuredClone(seeds[i % seeds.length]!);
    doc.id = `${new URL(target.actor).origin}/fuzz/activity-${seed}-${i}`;
    for (let m = 1 + int(3); m > 0; m--) pick(mutations)(doc);
    yield JSON.stringify(doc);
  }
}

export interface FuzzReport {
  readonly sent: number;
  /** How many answers of each status. */
  readonly statuses: Record<number, number>;
  /** Bodies answered 5xx (or with a broken connection), for the failure message. */
  readonly failures: { status: number | string; body: string }[];
  readonly healthzChecks: number;
  readonly healthzMaxMs: number;
  readonly healthzMedianMs: number;
  /** The same poll of an idle server on the same machine: what the machine's own load costs. */
  readonly controlMaxMs: number;
  readonly controlMedianMs: number;
  readonly peakRssMb: number;
  readonly startRssMb: number;
  readonly durationMs: number;
}

export interface FuzzRun {
  readonly inbox: string;
  readonly key: CryptoKey;
  readonly keyOwner: string;
  readonly healthz: string;
  /** The /healthz of an idle server on the same machine, polled alike as a control. */
  readonly controlHealthz: string;
  /** The trusted CA of the server's certificate. */
  readonly ca: string;
  /** The server process, whose RSS is sampled. */
  readonly pid: number;
  readonly bodies: Iterable<string>;
  readonly concurrency?: number;
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

function call(agent: Agent, url: string, method: string, headers: Headers | Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const all = { ...(headers instanceof Headers ? Object.fromEntries(headers) : headers), ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) };
    const request = httpsRequest(url, { method, agent, headers: all, timeout: 30_000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("timeout", () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends every body, signed, `concurrency` at a time, while /healthz is polled and RSS sampled. */
export async function runFuzz(run: FuzzRun): Promise<FuzzReport> {
  const concurrency = run.concurrency ?? 2;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: run.ca });
  const probe = new Agent({ keepAlive: true, maxSockets: 1, ca: run.ca });
  const controlProbe = new Agent({ keepAlive: true, maxSockets: 1, ca: run.ca });
  const statuses: Record<number, number> = {};
  const failures: { status: number | string; body: string }[] = [];
  const latencies: number[] = [];
  const startRssMb = rssMb(run.pid);
  let peakRssMb = startRssMb;
  let sent = 0;
  let running = true;
  const started = performance.now();

  const poll = async (agent: Agent, url: string, into: number[], onAnswer: (status: number) => void) => {
    await call(agent, url, "GET", {}); // the connection is opened once, outside the measure
    while (running) {
      const t = performance.now();
      const status = await call(agent, url, "GET", {});
      into.push(performance.now() - t);
      onAnswer(status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const control: number[] = [];
  const pollers = Promise.all([
    poll(probe, run.healthz, latencies, (status) => {
      if (status !== 200) failures.push({ status: `healthz ${status}`, body: "" });
      peakRssMb = Math.max(peakRssMb, rssMb(run.pid));
    }),
    poll(controlProbe, run.controlHealthz, control, () => {}),
  ]);

  const bodies = run.bodies[Symbol.iterator]();
  const sender = async () => {
    for (let next = bodies.next(); !next.done; next = bodies.next()) {
      const body = next.value;
      const signed = await signRequest(
        new Request(run.inbox, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body }),
        run.key,
        new URL(`${run.keyOwner}#main-key`),
      );
      sent++;
      try {
        const status = await call(agent, run.inbox, "POST", signed.headers, body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500) failures.push({ status, body: body.slice(0, 2000) });
      } catch (error) {
        failures.push({ status: (error as Error).message, body: body.slice(0, 2000) });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, sender));
  } finally {
    running = false;
    await pollers;
    for (const a of [agent, probe, controlProbe]) a.destroy();
  }
  const sorted = [...latencies].sort((x, y) => x - y);
  const controlSorted = [...control].sort((x, y) => x - y);
  return {
    sent,
    statuses,
    failures,
    healthzChecks: latencies.length,
    healthzMaxMs: sorted.at(-1) ?? 0,
    healthzMedianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    controlMaxMs: controlSorted.at(-1) ?? 0,
    controlMedianMs: controlSorted[Math.floor(controlSorted.length / 2)] ?? 0,
    peakRssMb,
    startRssMb,
    durationMs: performance.now() - started,
  };
}
