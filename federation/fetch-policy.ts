// Which remote addresses this instance may fetch from. In production (the
// default) only public https: Fedify already refuses private and loopback
// addresses, and these wrappers also refuse plain http, which Fedify allows.
// ALLOW_PRIVATE_ADDRESS=true (tests on loopback) lifts both. In every mode,
// the federation policy (src/domain/federation-policy.ts) decides which hosts
// may be fetched at all: the loaders ask it before each fetch.
import { getAuthenticatedDocumentLoader, type FederationOptions, type HttpMessageSignaturesSpecDeterminer } from "@fedify/fedify";
import { getDocumentLoader, preloadedContexts, UrlError, validatePublicUrl, type DocumentLoader } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import type { Services } from "../src/services.ts";
import { cachedContextLoader } from "./contexts/context-loader.ts";

const logger = getLogger(["encommun", "federation", "policy"]);

/** Whether the federation policy lets us talk to a host (`host` or `host:port`). */
export type HostCheck = (host: string) => boolean | Promise<boolean>;

/** A fetch the federation policy refused. A UrlError, like a refused address, so callers treat it alike. */
export class HostRefusedError extends UrlError {
  readonly host: string;
  constructor(host: string, url: string) {
    super(`${host} is not allowed by this instance's federation policy (${url})`);
    this.name = "HostRefusedError";
    this.host = host;
  }
}

function httpsOnly(loader: DocumentLoader): DocumentLoader {
  return (url, options) => {
    if (new URL(url).protocol !== "https:") return Promise.reject(new UrlError(`Plain http is not allowed: ${url}`));
    return loader(url, options);
  };
}

/**
 * Refuses URLs on hosts the policy does not allow, before fetching, and a
 * document that a redirect brought from such a host. JSON-LD contexts that
 * Fedify ships are served from memory and pass.
 */
export function policyChecked(loader: DocumentLoader, allowsHost: HostCheck): DocumentLoader {
  const refuse = async (url: string): Promise<void> => {
    const host = new URL(url).host;
    if (await allowsHost(host)) return;
    logger.info("Refused to fetch {url}: {host} is not allowed by the federation policy", { url, host });
    throw new HostRefusedError(host, url);
  };
  return async (url, options) => {
    if (url in preloadedContexts) return loader(url, options);
    await refuse(url);
    const document = await loader(url, options);
    if (document.documentUrl !== url) await refuse(document.documentUrl);
    return document;
  };
}

type FetchOptions = Pick<FederationOptions<Services>, "documentLoaderFactory" | "contextLoaderFactory" | "authenticatedDocumentLoaderFactory">;

/**
 * The loaders Fedify uses for every fetch, built once at start: the policy is
 * consulted through `allowsHost` on each call, so a change applies at once.
 * Fedify forbids custom loaders next to its allowPrivateAddress/userAgent
 * options, so the loaders carry both (and Fedify's own WebFinger lookups stay
 * public-only: handle lookups go through federation/directory.ts, which passes
 * ALLOW_PRIVATE_ADDRESS on). JSON-LD contexts are schema documents, not
 * peers: they are not subject to the policy, and never fetched while a
 * request waits.
 */
export function fetchOptions(
  allowPrivateAddress: boolean,
  userAgent: string,
  allowsHost: HostCheck = () => true,
  specDeterminer?: HttpMessageSignaturesSpecDeterminer,
): FetchOptions {
  const options = { allowPrivateAddress, userAgent };
  const transport = (loader: DocumentLoader) => (allowPrivateAddress ? loader : httpsOnly(loader));
  // One cache for the process: contexts are fetched in the background only (contexts/context-loader.ts).
  const contextLoader = cachedContextLoader(transport(getDocumentLoader(options)));
  return {
    documentLoaderFactory: () => policyChecked(transport(getDocumentLoader(options)), allowsHost),
    contextLoaderFactory: () => contextLoader,
    // specDeterminer: the signature spec each host accepts, remembered (stores/signature-spec-memory.ts).
    authenticatedDocumentLoaderFactory: (identity) =>
      policyChecked(transport(getAuthenticatedDocumentLoader(identity, { ...options, ...(specDeterminer ? { specDeterminer } : {}) })), allowsHost),
  };
}

/** Throws UrlError when the URL may not be fetched under the address rules. */
export async function assertFetchable(url: URL, allowPrivateAddress: boolean): Promise<void> {
  if (allowPrivateAddress) return;
  if (url.protocol !== "https:") throw new UrlError(`Plain http is not allowed: ${url.href}`);
  await validatePublicUrl(url.href);
}
