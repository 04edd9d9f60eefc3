// Where another server's people act on remote things: the subscribe template
// of their WebFinger answer (src/domain/remote-interaction.ts). One GET of
// `https://<host>/.well-known/webfinger?resource=acct:<name>@<host>`, within
// the federation policy and the private-address guard on every hop (a
// redirect to another host is checked again), bounded in time and size.
import { getLogger } from "@logtape/logtape";
import { DomainError } from "../src/domain/errors.ts";
import { SUBSCRIBE_REL, type InteractionLookup, type RemoteAccount, type SubscribeAnswer } from "../src/domain/remote-interaction.ts";
import type { Services } from "../src/services.ts";
import { VERSION } from "../src/version.ts";
import { assertFetchable } from "./fetch-policy.ts";
import { assertHostAllowed, policyHostCheck } from "./policy.ts";

const logger = getLogger(["encommun", "federation", "remote-interaction"]);
const TIMEOUT_MS = 8_000;
const MAX_REDIRECTS = 3;
const MAX_BYTES = 64 * 1024;

/** The JRD's subscribe template, if it has a usable one. */
export function subscribeTemplateOf(jrd: unknown): string | null {
  const links = (jrd as { links?: unknown })?.links;
  if (!Array.isArray(links)) return null;
  for (const link of links) {
    const { rel, template } = (link ?? {}) as { rel?: unknown; template?: unknown };
    if (rel === SUBSCRIBE_REL && typeof template === "string" && template.includes("{uri}") && template.length <= 2000) return template;
  }
  return null;
}

async function readLimited(response: Response): Promise<string | null> {
  const reader = response.body?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function createInteractionLookup(services: () => Services): InteractionLookup {
  return {
    async subscribeTemplate(account: RemoteAccount): Promise<SubscribeAnswer> {
      const { db, config } = services();
      const allowsHost = policyHostCheck(db, config.publicUrl);
      let url = new URL(`https://${account.host}/.well-known/webfinger`);
      url.searchParams.set("resource", `acct:${account.username}@${account.host}`);
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        await assertHostAllowed(allowsHost, url.host);
        try {
          await assertFetchable(url, config.allowPrivateAddress);
        } catch {
          throw new DomainError("invalid", `Refused to fetch ${url.host}: private addresses and plain http are not allowed`);
        }
        let response: Response;
        try {
          response = await fetch(url, {
            headers: { Accept: "application/jrd+json, application/json", "User-Agent": `encommun/${VERSION} (+${config.publicUrl.origin})` },
            redirect: "manual",
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch (error) {
          logger.info("WebFinger of {account} on {host} failed: {error}", { account: account.username, host: url.host, error });
          return { status: "unreachable" };
        }
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          url = new URL(location, url);
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          return { status: "unreachable" };
        }
        const text = await readLimited(response);
        let jrd: unknown = null;
        try {
          jrd = text == null ? null : JSON.parse(text);
        } catch {
          return { status: "unreachable" };
        }
        const template = subscribeTemplateOf(jrd);
        return template ? { status: "template", template } : { status: "none" };
      }
      return { status: "unreachable" };
    },
  };
}
