import { describe, expect, it } from "vitest";
import { hashPassword, hashSecret, sameSecret, verifyPassword } from "../../src/domain/passwords.ts";

describe("passwords", () => {
  it("hashes with scrypt, its parameters and a random salt", async () => {
    const hash = await hashPassword("correct horse battery");
    const parts = hash.split("$");
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(["scrypt", "32768", "8", "1"]);
    expect(Buffer.from(parts[4]!, "base64url")).toHaveLength(16);
    expect(Buffer.from(parts[5]!, "base64url")).toHaveLength(32);
    expect(hash).not.toContain("correct horse");
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });

  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const hash = await hashPassword("mot de passe élevé");
    expect(await verifyPassword("mot de passe e\u0301leve\u0301", hash)).toBe(true);
  });

  it("keeps verifying hashes made with other cost parameters", async () => {
    const hash = await hashPassword("correct horse battery");
    const [, , , , salt] = hash.split("$");
    // A hash with N = 2^10 (as an older or lighter configuration would store).
    const { scryptSync } = await import("node:crypto");
    const key = scryptSync("correct horse battery", Buffer.from(salt!, "base64url"), 32, { N: 1024, r: 8, p: 1 });
    const lighter = ["scrypt", 1024, 8, 1, salt, key.toString("base64url")].join("$");
    expect(await verifyPassword("correct horse battery", lighter)).toBe(true);
  });

  it("never matches malformed or absurd hashes", async () => {
    for (const bad of ["", "plain", "bcrypt$x", "scrypt$3$8$1$c2FsdA$aGFzaA", "scrypt$1073741824$8$1$c2FsdA$" + "A".repeat(43), "scrypt$1024$8$1$c2FsdA$short"]) {
      expect(await verifyPassword("anything at all", bad)).toBe(false);
    }
  });

  it("hashes secrets with SHA-256 and compares them in constant time", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sameSecret("token", "token")).toBe(true);
    expect(sameSecret("token", "token2")).toBe(false);
    expect(sameSecret("", "token")).toBe(false);
  });
});
