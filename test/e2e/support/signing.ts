// Signing requests as a real actor of a harness instance, with the private
// key read from its database: how tests forge (or send honest) activities.
import { importJwk, signRequest } from "@fedify/fedify";
import SqliteDatabase from "better-sqlite3";
import type { Instance } from "../../harness/harness.ts";

export const AP_JSON = "application/activity+json";

/** The RSA key of an actor of a SQLite instance (its keys exist once its document was fetched). */
export async function privateKeyOf(instance: Instance, actorUri: string): Promise<CryptoKey> {
  await instance.fetch(actorUri, { headers: { Accept: AP_JSON } });
  const db = new SqliteDatabase(instance.databaseUrl.replace(/^sqlite:/, ""), { readonly: true });
  try {
    const row = db
      .prepare("select k.private_jwk from key_pairs k join actors a on a.id = k.actor_id where a.uri = ? and k.algorithm = 'RSASSA-PKCS1-v1_5'")
      .get(actorUri) as { private_jwk: string } | undefined;
    if (!row) throw new Error(`no key for ${actorUri}`);
    return importJwk(JSON.parse(row.private_jwk), "private");
  } finally {
    db.close();
  }
}

/** POSTs a JSON body to an inbox, signed (or not) as `keyOwner`. */
export async function postToInbox(target: Instance, inbox: string, body: string, key: CryptoKey | null, keyOwner: string): Promise<Response> {
  let request = new Request(inbox, { method: "POST", headers: { "Content-Type": AP_JSON, Accept: AP_JSON }, body });
  if (key) request = await signRequest(request, key, new URL(`${keyOwner}#main-key`));
  return target.fetch(request.url, { method: "POST", headers: request.headers, body });
}
