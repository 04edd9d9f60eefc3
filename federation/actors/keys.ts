// Each local actor's key pairs, generated once and stored: RSA first (what
// Mastodon verifies HTTP signatures with; without it Fedify would send
// unsigned), then Ed25519 (object integrity proofs, FEP-8b32).
import { exportJwk, generateCryptoKeyPair, importJwk } from "@fedify/fedify";
import type { Kysely } from "kysely";
import type { Database, KeyPairsTable } from "../../src/db/schema.ts";
import { isoNow } from "../../src/domain/clock.ts";

const ALGORITHMS: readonly KeyPairsTable["algorithm"][] = ["RSASSA-PKCS1-v1_5", "Ed25519"];

// Imported CryptoKeys are reused: importing on every signature would cost more than signing.
const cache = new Map<string, Promise<CryptoKeyPair[]>>();

export function getKeyPairs(db: Kysely<Database>, actorId: string): Promise<CryptoKeyPair[]> {
  let pending = cache.get(actorId);
  if (!pending) {
    pending = loadOrCreate(db, actorId);
    pending.catch(() => cache.delete(actorId));
    cache.set(actorId, pending);
  }
  return pending;
}

/** RSA-2048, as Mastodon uses: Fedify's default 4096-bit keys cost about 5x more per signature. */
function generateKeyPair(algorithm: KeyPairsTable["algorithm"]): Promise<CryptoKeyPair> {
  if (algorithm === "Ed25519") return generateCryptoKeyPair("Ed25519");
  return crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
}

async function loadOrCreate(db: Kysely<Database>, actorId: string): Promise<CryptoKeyPair[]> {
  const rows = await db.selectFrom("key_pairs").selectAll().where("actor_id", "=", actorId).execute();
  const pairs: CryptoKeyPair[] = [];
  for (const algorithm of ALGORITHMS) {
    const row = rows.find((r) => r.algorithm === algorithm);
    if (row) {
      pairs.push({
        privateKey: await importJwk(JSON.parse(row.private_jwk), "private"),
        publicKey: await importJwk(JSON.parse(row.public_jwk), "public"),
      });
      continue;
    }
    const pair = await generateKeyPair(algorithm);
    // Another process may have generated the same actor's keys meanwhile: the
    // first insert wins and everyone re-reads it.
    await db
      .insertInto("key_pairs")
      .values({
        actor_id: actorId,
        algorithm,
        private_jwk: JSON.stringify(await exportJwk(pair.privateKey)),
        public_jwk: JSON.stringify(await exportJwk(pair.publicKey)),
        created_at: isoNow(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const stored = await db
      .selectFrom("key_pairs")
      .selectAll()
      .where("actor_id", "=", actorId)
      .where("algorithm", "=", algorithm)
      .executeTakeFirstOrThrow();
    pairs.push({
      privateKey: await importJwk(JSON.parse(stored.private_jwk), "private"),
      publicKey: await importJwk(JSON.parse(stored.public_jwk), "public"),
    });
  }
  return pairs;
}
