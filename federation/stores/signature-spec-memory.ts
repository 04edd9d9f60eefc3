// Which HTTP signature spec each host accepts (RFC 9421 or draft-cavage),
// kept in memory in front of the KvStore. Fedify remembers the spec per
// origin in the KvStore after the first answer (so the second delivery to a
// host costs no 401), but it reads the key before and writes it after EVERY
// delivery: two database round trips per POST of a fan-out, for a value that
// changes once in a host's life. This wrapper answers reads from memory and
// writes only a value that changed. Other keys pass straight through.
//
// Several processes share the database: a worker that has not seen another's
// write knocks with the older spec once and learns it from the answer, which
// is what Fedify does anyway. Bounded: past MAX_HOSTS the oldest entry goes.
import { isDeepStrictEqual } from "node:util";
import type { HttpMessageSignaturesSpec, HttpMessageSignaturesSpecDeterminer, KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";

/** Fedify's default kvPrefixes.httpMessageSignaturesSpec (we do not change it). */
export const SIGNATURE_SPEC_PREFIX: KvKey = ["_fedify", "httpMessageSignaturesSpec"];
const MAX_HOSTS = 10_000;

function isSpecKey(key: KvKey): boolean {
  return key.length === SIGNATURE_SPEC_PREFIX.length + 1 && key[0] === SIGNATURE_SPEC_PREFIX[0] && key[1] === SIGNATURE_SPEC_PREFIX[1];
}

export function withSignatureSpecsInMemory(kv: KvStore): KvStore {
  const specs = new Map<string, unknown>();
  const remember = (origin: string, value: unknown) => {
    specs.delete(origin);
    specs.set(origin, value);
    if (specs.size > MAX_HOSTS) specs.delete(specs.keys().next().value!);
  };
  const wrapper: KvStore = {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      if (!isSpecKey(key)) return kv.get<T>(key);
      const origin = key[2]!;
      if (specs.has(origin)) return specs.get(origin) as T | undefined;
      const stored = await kv.get<T>(key);
      remember(origin, stored);
      return stored;
    },
    async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
      if (!isSpecKey(key)) return kv.set(key, value, options);
      const origin = key[2]!;
      if (specs.has(origin) && isDeepStrictEqual(specs.get(origin), value)) return;
      await kv.set(key, value, options);
      remember(origin, value);
    },
    async delete(key: KvKey): Promise<void> {
      if (isSpecKey(key)) specs.delete(key[2]!);
      return kv.delete(key);
    },
    list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
      return kv.list(prefix);
    },
  };
  if (kv.cas) {
    const cas = kv.cas.bind(kv);
    wrapper.cas = (key, expected, next, options) => {
      if (isSpecKey(key)) specs.delete(key[2]!);
      return cas(key, expected, next, options);
    };
  }
  return wrapper;
}

/** The spec knocked first at a host we know nothing of: what nearly every server verifies (Mastodon, Lemmy, Misskey…). */
export const FIRST_KNOCK: HttpMessageSignaturesSpec = "draft-cavage-http-signatures-12";

/**
 * The per-host memory Fedify gives its deliveries, for our signed fetches too.
 * Fedify hands its KvStore-backed determiner only to its own authenticated
 * document loader; ours (fetch-policy.ts, which adds the federation policy)
 * got none, so every signed GET to a draft-cavage server was refused once
 * (RFC 9421 first) and never remembered.
 */
export function kvSpecDeterminer(kv: KvStore): HttpMessageSignaturesSpecDeterminer {
  return {
    determineSpec: async (origin) => (await kv.get<HttpMessageSignaturesSpec>([...SIGNATURE_SPEC_PREFIX, origin])) ?? FIRST_KNOCK,
    rememberSpec: (origin, spec) => kv.set([...SIGNATURE_SPEC_PREFIX, origin], spec),
  };
}
