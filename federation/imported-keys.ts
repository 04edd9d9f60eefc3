// Keys imported once per process, not once per delivery. Fedify 2.3.6
// puts the sender's private keys into every queued delivery as JWKs and
// imports them again (crypto.subtle.importKey) for each POST it sends: about
// a third of the cost of the RSA signature itself, for a key that never
// changes. Fedify has no option for it, so, like the outgoing deadline,
// the cache sits on the process-wide function every path goes through:
// importKey of a private JWK with the same key, algorithm and usages returns
// the CryptoKey imported the first time (CryptoKeys are immutable; sharing
// one is what federation/actors/keys.ts does already). The same goes for the
// public keys (SPKI) of remote actors: Fedify's key cache keeps them as
// JSON-LD and imports the PEM again for every signature it verifies (2 % of
// the inbox's CPU in a profile). Other imports pass through. Bounded: the
// oldest entry goes.
import { createHash } from "node:crypto";

type ImportKey = SubtleCrypto["importKey"];
const ORIGINAL = Symbol.for("encommun.importKeyWithoutCache");
type Wrapped = ImportKey & { [ORIGINAL]?: ImportKey };
const MAX_KEYS = 5_000;

/** The cache key of a private JWK import, or null when the import is not one to cache. */
function cacheKey(format: string, keyData: unknown, algorithm: unknown, extractable: boolean, usages: readonly string[]): string | null {
  const hash = createHash("sha256");
  if (format === "jwk" && keyData != null && typeof keyData === "object" && typeof (keyData as JsonWebKey).d === "string") hash.update(JSON.stringify(keyData));
  else if (format === "spki" && (keyData instanceof ArrayBuffer || ArrayBuffer.isView(keyData))) {
    hash.update(keyData instanceof ArrayBuffer ? new Uint8Array(keyData) : new Uint8Array(keyData.buffer, keyData.byteOffset, keyData.byteLength));
  } else return null;
  return `${format} ${hash.digest("base64url")} ${JSON.stringify(algorithm)} ${extractable} ${[...usages].sort().join(",")}`;
}

/** `importKey` with private JWKs and SPKI public keys remembered. */
export function withImportedKeysCached(importKey: ImportKey, subtle: SubtleCrypto): ImportKey {
  const keys = new Map<string, Promise<CryptoKey>>();
  return ((format: string, keyData: unknown, algorithm: unknown, extractable: boolean, usages: readonly KeyUsage[]) => {
    const call = () => (importKey as (...args: unknown[]) => Promise<CryptoKey>).call(subtle, format, keyData, algorithm, extractable, usages);
    const key = cacheKey(format, keyData, algorithm, extractable, usages);
    if (key == null) return call();
    let pending = keys.get(key);
    if (!pending) {
      pending = call();
      pending.catch(() => keys.delete(key));
      keys.set(key, pending);
      if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value!);
    }
    return pending;
  }) as ImportKey;
}

/** Puts the cache on this process's crypto.subtle.importKey; returns what takes it off. The last install wins. */
export function installImportedKeyCache(): () => void {
  const subtle = globalThis.crypto.subtle;
  const current = subtle.importKey as Wrapped;
  const original = current[ORIGINAL] ?? current;
  const wrapped: Wrapped = withImportedKeysCached(original, subtle);
  wrapped[ORIGINAL] = original;
  subtle.importKey = wrapped;
  return () => {
    if (subtle.importKey === wrapped) subtle.importKey = original;
  };
}
