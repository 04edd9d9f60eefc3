// Fedify imports the sender's private JWK again for every delivery; the cache
// makes that one import per process, and changes nothing else.
import { exportJwk, importJwk } from "@fedify/fedify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installImportedKeyCache, withImportedKeysCached } from "../../federation/imported-keys.ts";

async function rsaPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
}

describe("private keys imported once", () => {
  let uninstall = () => {};
  afterEach(() => uninstall());

  it("imports a private JWK once however many deliveries use it, and signs with it", async () => {
    const pair = await rsaPair();
    const jwk = await exportJwk(pair.privateKey);
    const spy = vi.fn(crypto.subtle.importKey.bind(crypto.subtle));
    const importKey = withImportedKeysCached(spy as unknown as SubtleCrypto["importKey"], crypto.subtle);
    const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const keys = await Promise.all(Array.from({ length: 50 }, () => importKey("jwk", { ...jwk }, algorithm, true, ["sign"])));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(new Set(keys).size).toBe(1);
    const data = new TextEncoder().encode("POST /inbox");
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", keys[0]!, data);
    expect(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", pair.publicKey, signature, data)).toBe(true);
    // Another key is an import of its own; public JWKs are not cached.
    await importKey("jwk", await exportJwk((await rsaPair()).privateKey), algorithm, true, ["sign"]);
    await importKey("jwk", await exportJwk(pair.publicKey), algorithm, true, ["verify"]);
    await importKey("jwk", await exportJwk(pair.publicKey), algorithm, true, ["verify"]);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it("imports a remote actor's public key (SPKI, as Fedify's key cache does per verification) once", async () => {
    const pair = await rsaPair();
    const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
    const spy = vi.fn(crypto.subtle.importKey.bind(crypto.subtle));
    const importKey = withImportedKeysCached(spy as unknown as SubtleCrypto["importKey"], crypto.subtle);
    const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const first = await importKey("spki", new Uint8Array(spki.slice(0)), algorithm, true, ["verify"]);
    expect(await importKey("spki", spki.slice(0), algorithm, true, ["verify"])).toBe(first);
    expect(spy).toHaveBeenCalledTimes(1);
    const data = new TextEncoder().encode("POST /inbox");
    expect(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", first, await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, data), data)).toBe(true);
  });

  it("applies to Fedify's importJwk once installed, and comes off", async () => {
    const jwk = await exportJwk((await rsaPair()).privateKey);
    uninstall = installImportedKeyCache();
    const first = await importJwk(jwk, "private");
    expect(await importJwk(structuredClone(jwk), "private")).toBe(first);
    uninstall();
    expect(await importJwk(jwk, "private")).not.toBe(first);
  });
});
