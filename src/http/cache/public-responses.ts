// What this process has recently answered to anyone: public pages and
// ActivityPub documents, each with its validators. Two parts, both bounded:
//
// - the stampede cache: the bodies of the few documents hundreds of servers
//   fetch within seconds of a boost (a note as JSON and as an anonymous page,
//   its author's actor document), kept a few seconds and dropped on every
//   local write, so a burst costs one render instead of hundreds;
// - the validators' memory: per URL, the last ETag and when it first
//   appeared, so Last-Modified stays put while the body does not change
//   (If-Modified-Since then works across renders) and moves when it does.
//
// One instance per Services (the pages and the federation layer share it).
import { listenToContentWrites } from "../../db/content-writes.ts";
import type { Services } from "../../services.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { clientHasCurrent, notModified, weakEtagOf } from "./validators.ts";

/** `max-age` of what anonymous readers and other servers may keep: short, an edit shows within a minute. */
export const PUBLIC_MAX_AGE_SECONDS = 60;
export const PUBLIC_CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`;
/** Signed-in pages and anything not public: never stored by the browser or anyone between. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

export interface PublicResponsesOptions {
  /** How long a stored body is answered (milliseconds). */
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** URLs whose validators are remembered. */
  readonly maxValidators: number;
  /** How long a miss waits for the same key's render under way before rendering itself (milliseconds). */
  readonly maxWaitMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_PUBLIC_RESPONSES: PublicResponsesOptions = {
  ttlMs: 5_000,
  maxEntries: 500,
  maxBytes: 16 * 1024 * 1024,
  maxValidators: 10_000,
};

interface Stored {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array<ArrayBuffer>;
}

interface Validator {
  readonly etag: string;
  readonly since: number;
}

/** Headers never replayed from a stored answer: they belong to one exchange. */
const ONE_EXCHANGE = new Set(["content-length", "set-cookie", "date", "connection", "transfer-encoding"]);

export class PublicResponses {
  readonly #bodies: BoundedCache<string, Stored>;
  readonly #validators: BoundedCache<string, Validator>;
  readonly #now: () => number;
  readonly #maxWaitMs: number;
  readonly #inFlight = new Map<string, Promise<void>>();
  #generation = 0;

  constructor(options: PublicResponsesOptions = DEFAULT_PUBLIC_RESPONSES) {
    this.#now = options.now ?? Date.now;
    this.#maxWaitMs = options.maxWaitMs ?? 1_000;
    this.#bodies = new BoundedCache({
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      ttlMs: options.ttlMs,
      // The headers are a few hundred bytes; counting them keeps tiny bodies from looking free.
      sizeOf: (stored) => stored.body.byteLength + 512,
      now: this.#now,
    });
    this.#validators = new BoundedCache({ maxEntries: options.maxValidators, now: this.#now });
    listenToContentWrites(this);
  }

  /** Stored bodies, for tests and the benchmark's memory figures. */
  get stored(): { entries: number; bytes: number } {
    return { entries: this.#bodies.size, bytes: this.#bodies.bytes };
  }

  /** The stored answer to `key`, or a 304 when the client already holds it; undefined on a miss. */
  answer(key: string, request: Request): Response | undefined {
    const stored = this.#bodies.get(key);
    if (!stored) return undefined;
    return this.#respond(request, stored);
  }

  /**
   * A miss while another request renders the same key waits for that render
   * (one render per stampede, not one per request, also when an entry has
   * just expired) and answers what it stored; undefined when no render is
   * under way or it stored nothing (not public, an error): render then.
   */
  async answerAfterRender(key: string, request: Request): Promise<Response | undefined> {
    const rendering = this.#inFlight.get(key);
    if (!rendering) return undefined;
    // Bounded: a render may itself wait on another server that is fetching from us (verifying a signature
    // fetches the signer's key, whose server may check ours), and an unbounded wait would close that loop.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([rendering, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#maxWaitMs)))]);
    clearTimeout(timer);
    return this.answer(key, request);
  }

  /** Marks `key` as being rendered; call the returned function when done, stored or not. */
  render(key: string): () => void {
    if (this.#inFlight.has(key)) return () => {};
    let done!: () => void;
    this.#inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
    return () => {
      this.#inFlight.delete(key);
      done();
    };
  }

  /**
   * Gives a public response its validators and Cache-Control, remembers
   * them, stores the body when `keep` (a stampede target), and answers the
   * request: a 304 when the client's copy is current.
   */
  async publish(key: string, request: Request, response: Response, keep: boolean): Promise<Response> {
    const body = new Uint8Array(await response.arrayBuffer());
    const etag = weakEtagOf(body);
    const headers = new Headers();
    for (const [name, value] of response.headers) if (!ONE_EXCHANGE.has(name)) headers.append(name, value);
    headers.set("ETag", etag);
    headers.set("Last-Modified", new Date(this.#firstSeen(key, etag)).toUTCString());
    headers.set("Cache-Control", PUBLIC_CACHE_CONTROL);
    const stored: Stored = { status: response.status, headers: [...headers], body };
    if (keep) this.#bodies.set(key, stored);
    return this.#respond(request, stored);
  }

  /** Changes on every clear(): a render begun before a write must not be stored after it. */
  get generation(): number {
    return this.#generation;
  }

  /** Called after every content write in this process (src/db/content-writes.ts). */
  onContentWrite(): void {
    this.clear();
  }

  /** After a local write: no stored body may outlive it (validators stay; a changed body changes its ETag). */
  clear(): void {
    this.#generation++;
    this.#bodies.clear();
  }

  #respond(request: Request, stored: Stored): Response {
    const headers = new Headers(stored.headers as [string, string][]);
    if (clientHasCurrent(request.headers, headers.get("etag")!, headers.get("last-modified")!)) return notModified(headers);
    return new Response(request.method === "HEAD" ? null : stored.body, { status: stored.status, headers });
  }

  /** When this URL first answered this ETag: a new ETag moves it forward by at least a second (HTTP dates have no finer grain). */
  #firstSeen(key: string, etag: string): number {
    const known = this.#validators.get(key);
    if (known?.etag === etag) return known.since;
    const now = Math.floor(this.#now() / 1000) * 1000;
    const since = known ? Math.max(now, known.since + 1000) : now;
    this.#validators.set(key, { etag, since });
    return since;
  }
}

const perServices = new WeakMap<Services, PublicResponses>();

/** Tests give a services object a cache with their own bounds and clock. */
export function usePublicResponses(services: Services, cache: PublicResponses): void {
  perServices.set(services, cache);
}

/** The one PublicResponses of these services, made on first use. */
export function publicResponsesOf(services: Services): PublicResponses {
  let cache = perServices.get(services);
  if (!cache) {
    cache = new PublicResponses();
    perServices.set(services, cache);
  }
  return cache;
}
