// The federation policy at the edges of the federation layer: which host
// signed a request, the 403 for a signer the policy refuses, and the check
// every outbound path shares (fetches, deliveries, lookups). The policy itself
// and its cache live in src/domain/federation-policy.ts.
import type { Context } from "@fedify/fedify";
import { lookupObject, type LookupObjectOptions, type Object as ASObject } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { DomainError } from "../src/domain/errors.ts";
import { currentRestrictions } from "../src/domain/content-restrictions.ts";
import { currentPolicy, isHostAllowed } from "../src/domain/federation-policy.ts";
import type { Services } from "../src/services.ts";
import type { HostCheck } from "./fetch-policy.ts";

const logger = getLogger(["encommun", "federation", "policy"]);

/** The policy as one function: our own host is always allowed (we never block ourselves). */
export function policyHostCheck(db: Kysely<Database>, origin: URL): HostCheck {
  const own = origin.host.toLowerCase();
  return async (host) => host.toLowerCase() === own || isHostAllowed(await currentPolicy(db), host);
}

/**
 * The key a request is signed with: `keyId` of a draft-cavage `Signature`
 * header, or `keyid` of an RFC 9421 `Signature-Input`. Null for unsigned
 * requests and unreadable key ids (Fedify then refuses or serves them as it
 * would anyway).
 */
function signerKey(request: Request): URL | null {
  const header = request.headers.get("Signature-Input") ?? request.headers.get("Signature");
  if (header == null) return null;
  const keyId = /\bkeyid\s*=\s*"([^"]+)"/i.exec(header)?.[1];
  return keyId == null ? null : URL.parse(keyId);
}

/** The host of the key a request is signed with. */
export function signerHost(request: Request): string | null {
  return signerKey(request)?.host.toLowerCase() ?? null;
}

/**
 * `403` for a signed request (an inbox POST, a signed GET) whose key lives on
 * a host the policy refuses; null when the request may go on. Unsigned
 * requests are not the policy's business (inboxes already refuse them).
 */
export async function refusedSigner(request: Request, allowsHost: HostCheck): Promise<Response | null> {
  const host = signerHost(request);
  if (host == null || (await allowsHost(host))) return null;
  const path = new URL(request.url).pathname;
  logger.info("Refused {method} {path} signed by a key on {host}: not allowed by the federation policy", { method: request.method, path, host });
  return new Response(`Forbidden: this instance does not federate with ${host}\n`, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * `403` for a request signed by a key of a remote account an administrator
 * blocked (the key's id without its fragment is the actor, as Mastodon,
 * Lemmy and we publish keys). Null when the request may go on.
 */
export async function refusedBlockedAccount(request: Request, db: Kysely<Database>): Promise<Response | null> {
  const actor = signerKey(request);
  if (actor == null) return null;
  actor.hash = "";
  const { blockedAccounts } = await currentRestrictions(db);
  if (!blockedAccounts.includes(actor.href)) return null;
  logger.info("Refused {method} {path} signed by {actor}: the account is blocked", { method: request.method, path: new URL(request.url).pathname, actor: actor.href });
  return new Response("Forbidden: this account is blocked here\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** For lookups that would reach `host` (WebFinger, NodeInfo, a URL): a 403 DomainError when the policy refuses it. */
export async function assertHostAllowed(allowsHost: HostCheck, host: string): Promise<void> {
  if (await allowsHost(host)) return;
  logger.info("Refused a lookup on {host}: not allowed by the federation policy", { host });
  throw new DomainError("forbidden", `This instance does not federate with ${host} (federation policy)`);
}

/** The host a lookup would reach: a URL's, or the domain of `acct:user@host` / `@user@host`. */
export function lookupHost(identifier: string): string | null {
  const handle = /^(?:acct:)?@?[^@\s/]+@([^@\s/]+)$/.exec(identifier);
  if (handle) return handle[1]!.toLowerCase();
  return URL.parse(identifier)?.host.toLowerCase() || null;
}

/**
 * Fedify's lookupObject, within the federation policy: every lookup goes
 * through here (test/federation/lookup-policy.test.ts checks). When a
 * document cannot be loaded (our loaders refuse refused hosts), lookupObject
 * falls back to WebFinger with its own fetch, outside the loaders; checking
 * the host first keeps that request from leaving too. A refused host gives
 * null, as any lookup that finds nothing. Handles are looked up with the
 * deployment's address rule (Fedify's ctx.lookupObject keeps its WebFinger
 * public-only once custom loaders are set; lookupObject reads the untyped
 * option).
 */
export async function lookupWithinPolicy(ctx: Context<Services>, identifier: string, options: LookupObjectOptions = {}): Promise<ASObject | null> {
  const host = lookupHost(identifier);
  if (host != null && !(await policyHostCheck(ctx.data.db, ctx.data.config.publicUrl)(host))) {
    logger.debug("Lookup of {identifier} not attempted: {host} is not allowed by the federation policy", { identifier, host });
    return null;
  }
  const withAddressRule: LookupObjectOptions & { allowPrivateAddress: boolean } = {
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    ...options,
    allowPrivateAddress: ctx.data.config.allowPrivateAddress,
  };
  return lookupObject(identifier, withAddressRule);
}
