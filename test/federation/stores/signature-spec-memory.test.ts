// The spec each host accepts, in memory in front of the KvStore: Fedify reads
// it before and writes it after every delivery; the database sees the first
// read and the writes that change something, not one of each per POST.
import { MemoryKvStore, type KvKey, type KvStore } from "@fedify/fedify";
import { describe, expect, it } from "vitest";
import { SIGNATURE_SPEC_PREFIX, withSignatureSpecsInMemory } from "../../../federation/stores/signature-spec-memory.ts";

function counting(inner: KvStore) {
  const calls = { get: 0, set: 0 };
  const kv: KvStore = {
    get: (key) => (calls.get++, inner.get(key)),
    set: (key, value, options) => (calls.set++, inner.set(key, value, options)),
    delete: (key) => inner.delete(key),
    list: (prefix) => inner.list(prefix),
  };
  return { kv, calls };
}

const specKey = (origin: string): KvKey => [...SIGNATURE_SPEC_PREFIX, origin];

describe("signature specs in memory", () => {
  it("reads a host's spec from the store once and writes it only when it changes", async () => {
    const store = new MemoryKvStore();
    const { kv, calls } = counting(store);
    const specs = withSignatureSpecsInMemory(kv);
    // A fan-out of 100 deliveries to one host, as Fedify's double-knock does it.
    for (let i = 0; i < 100; i++) {
      const spec = (await specs.get(specKey("https://a.example"))) ?? "draft-cavage-http-signatures-12";
      await specs.set(specKey("https://a.example"), spec);
    }
    expect(calls).toEqual({ get: 1, set: 1 });
    expect(await store.get(specKey("https://a.example"))).toBe("draft-cavage-http-signatures-12");
    // The host moves to RFC 9421: written through at once.
    await specs.set(specKey("https://a.example"), "rfc9421");
    expect(await store.get(specKey("https://a.example"))).toBe("rfc9421");
    expect(await specs.get(specKey("https://a.example"))).toBe("rfc9421");
    expect(calls).toEqual({ get: 1, set: 2 });
  });

  it("knows a spec another process stored before its first read", async () => {
    const store = new MemoryKvStore();
    await store.set(specKey("https://b.example"), "rfc9421");
    expect(await withSignatureSpecsInMemory(store).get(specKey("https://b.example"))).toBe("rfc9421");
  });

  it("leaves every other key to the store", async () => {
    const { kv, calls } = counting(new MemoryKvStore());
    const specs = withSignatureSpecsInMemory(kv);
    await specs.set(["_fedify", "publicKey", "https://a.example/key"], { k: 1 });
    await specs.set(["_fedify", "publicKey", "https://a.example/key"], { k: 1 });
    expect(await specs.get(["_fedify", "publicKey", "https://a.example/key"])).toEqual({ k: 1 });
    expect(calls).toEqual({ get: 1, set: 2 });
  });
});
