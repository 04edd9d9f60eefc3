// The JSON-LD context loader: never a fetch while a request waits. Contexts
// Fedify ships and the ones bundled here (LitePub, served by every Pleroma and
// Akkoma at its own /schemas/litepub-0.1.jsonld; Mbin's /contexts) come from
// memory. Any other context is fetched in the background, once, and cached with
// its outcome, failures included; until it has loaded, documents that name it
// are processed without it (its terms are dropped, those of ActivityStreams
// stay). A context host that is down or hangs thus costs nobody anything, and
// an unknown context never turns a delivery into an error its sender retries.
import { preloadedContexts, type DocumentLoader, type RemoteDocument } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import litepub from "./litepub-0.1.json" with { type: "json" };
import mbin from "./mbin.json" with { type: "json" };

const logger = getLogger(["encommun", "federation", "contexts"]);

/** Bundled contexts that each server serves at its own origin, by path. */
const BUNDLED_BY_PATH: Record<string, unknown> = {
  "/schemas/litepub-0.1.jsonld": litepub,
  "/contexts": mbin,
  "/contexts.jsonld": mbin,
};

export interface ContextCacheOptions {
  /** How long a loaded context is kept before it is fetched again. */
  readonly keepLoadedMs?: number;
  /** How long a failure is remembered before the context is tried again. */
  readonly keepFailedMs?: number;
  /** Most contexts remembered (loaded or failed); the oldest go first. */
  readonly maxEntries?: number;
  /** Most background fetches at once; beyond that a context waits for a later use. */
  readonly maxFetching?: number;
  /** How long one background fetch may take. */
  readonly fetchTimeoutMs?: number;
}

const DEFAULTS: Required<ContextCacheOptions> = {
  keepLoadedMs: 7 * 24 * 3600_000,
  keepFailedMs: 3600_000,
  maxEntries: 500,
  maxFetching: 4,
  fetchTimeoutMs: 10_000,
};

type Entry = { readonly document: unknown; readonly until: number } | { readonly failed: string; readonly until: number };

/** What a document that names a context we do not have is processed with: nothing. */
const EMPTY_CONTEXT = { "@context": {} };

/** A bundled context for `url`, or undefined. */
export function bundledContext(url: string): unknown {
  if (url in preloadedContexts) return preloadedContexts[url];
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  return BUNDLED_BY_PATH[path];
}

/**
 * A context loader over `fetchContext` (the deployment's transport, with its
 * address rules), which it only ever calls in the background.
 */
export function cachedContextLoader(fetchContext: DocumentLoader, options: ContextCacheOptions = {}, now: () => number = Date.now): DocumentLoader & { settled(): Promise<void> } {
  const settings = { ...DEFAULTS, ...options };
  const cache = new Map<string, Entry>();
  const fetching = new Map<string, Promise<void>>();

  const remember = (url: string, entry: Entry) => {
    cache.delete(url);
    cache.set(url, entry);
    if (cache.size > settings.maxEntries) cache.delete(cache.keys().next().value!);
  };

  const fetchInBackground = (url: string) => {
    if (fetching.has(url) || fetching.size >= settings.maxFetching || !/^https?:\/\//.test(url)) return;
    const done = fetchContext(url, { signal: AbortSignal.timeout(settings.fetchTimeoutMs) })
      .then((remote) => {
        const document = remote.document as { "@context"?: unknown } | null;
        if (typeof document !== "object" || document == null || !("@context" in document)) throw new Error("not a JSON-LD context document");
        remember(url, { document, until: now() + settings.keepLoadedMs });
        logger.info("Loaded the JSON-LD context {url}", { url });
      })
      .catch((error: unknown) => {
        const failed = error instanceof Error ? error.message : String(error);
        remember(url, { failed, until: now() + settings.keepFailedMs });
        logger.info("Could not load the JSON-LD context {url} ({failed}); documents naming it are read without it for an hour", { url, failed });
      })
      .finally(() => fetching.delete(url));
    fetching.set(url, done);
  };

  const loader = async (url: string): Promise<RemoteDocument> => {
    const bundled = bundledContext(url);
    if (bundled !== undefined) return { contextUrl: null, documentUrl: url, document: bundled };
    const entry = cache.get(url);
    if (entry && entry.until > now()) return { contextUrl: null, documentUrl: url, document: "document" in entry ? entry.document : EMPTY_CONTEXT };
    fetchInBackground(url);
    return { contextUrl: null, documentUrl: url, document: entry && "document" in entry ? entry.document : EMPTY_CONTEXT };
  };
  /** Resolves once the background fetches under way have ended (for tests). */
  const settled = async () => {
    await Promise.all(fetching.values());
  };
  return Object.assign(loader, { settled });
}
