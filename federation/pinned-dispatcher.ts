// DNS rebinding: checking a host's addresses and then letting the connection
// resolve the name again leaves a window where a hostile DNS server answers
// "public" to the check and "127.0.0.1" to the connection. This undici
// dispatcher checks the addresses inside the connection's own lookup, every
// address of every answer, so what is checked is what is connected to. Set
// as the process's global dispatcher in production, it covers every outgoing
// request: Fedify's document loaders, WebFinger, NodeInfo and deliveries alike.
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { getLogger } from "@logtape/logtape";
import { isValidPublicIPv4Address, isValidPublicIPv6Address, UrlError } from "@fedify/vocab-runtime";
import { Agent, buildConnector, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";

const logger = getLogger(["encommun", "federation", "policy"]);

/** `node:dns.lookup`'s shape (the connection asks for every address with `all: true`). */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface PinnedDispatcherOptions {
  /** The resolver (tests inject one); default `node:dns.lookup`, read at each call. */
  readonly lookup?: LookupFunction;
  /** Milliseconds to establish a connection (undici's default otherwise). */
  readonly connectTimeoutMs?: number;
  /** Passed to undici's Agent as is (e.g. `headersTimeout`, `bodyTimeout`), for callers that bound requests. */
  readonly agent?: Omit<Agent.Options, "connect">;
}

function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return (family === 4 && isValidPublicIPv4Address(address)) || (family === 6 && isValidPublicIPv6Address(address));
}

function refusal(hostname: string, address: string): NodeJS.ErrnoException {
  logger.warning("Refused to connect to {hostname}: it resolves to {address}, not a public address", { hostname, address });
  return Object.assign(new UrlError(`Invalid or private address: ${hostname} resolves to ${address}`), { code: "EPRIVATEADDRESS" });
}

/** A lookup that answers only when every address of the answer is public. */
export function publicOnlyLookup(lookup: LookupFunction = (...args) => dns.lookup(...args)): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, "");
      const addresses = typeof result === "string" ? [{ address: result, family: isIP(result) }] : result;
      const bad = addresses.find((a) => !isPublicAddress(a.address));
      if (bad || addresses.length === 0) return callback(refusal(hostname, bad?.address ?? "nothing"), "");
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * An undici dispatcher that connects only to public addresses: names are
 * resolved and checked in one step, literal addresses are checked before
 * connecting. Composable: timeouts and other Agent options pass through.
 */
export function pinnedDispatcher(options: PinnedDispatcherOptions = {}): Dispatcher {
  const connector = buildConnector({ lookup: publicOnlyLookup(options.lookup), ...(options.connectTimeoutMs ? { timeout: options.connectTimeoutMs } : {}) } as buildConnector.BuildOptions);
  return new Agent({
    ...options.agent,
    connect: (connectOptions, callback) => {
      const host = connectOptions.hostname.replace(/^\[(.*)\]$/, "$1");
      if (isIP(host) !== 0 && !isPublicAddress(host)) return callback(refusal(host, host), null);
      connector(connectOptions, callback);
    },
  });
}

/**
 * Makes the pinned dispatcher the process's (Node's global fetch uses it);
 * returns what undoes it. Only in production: ALLOW_PRIVATE_ADDRESS (loopback
 * tests) keeps the default.
 */
export function installPinnedDispatcher(options: PinnedDispatcherOptions = {}): () => Promise<void> {
  const previous = getGlobalDispatcher();
  const pinned = pinnedDispatcher(options);
  setGlobalDispatcher(pinned);
  return async () => {
    if (getGlobalDispatcher() === pinned) setGlobalDispatcher(previous);
    await pinned.close();
  };
}
