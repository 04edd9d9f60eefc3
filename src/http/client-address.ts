// Who is on the other end of a request. Behind a reverse proxy the
// connection's peer is the proxy, and the client is in X-Forwarded-For; but
// anyone can send that header, so it is believed only from the proxies the
// operator listed in TRUSTED_PROXIES (nobody by default).
import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import type { AppEnv } from "./env.ts";

const lists = new WeakMap<readonly string[], BlockList>();

function trustedList(proxies: readonly string[]): BlockList {
  let list = lists.get(proxies);
  if (!list) {
    list = new BlockList();
    for (const entry of proxies) {
      const [address = "", prefix] = entry.split("/");
      const family = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    lists.set(proxies, list);
  }
  return list;
}

/** `::ffff:192.0.2.1` is 192.0.2.1: one client, one key. */
function canonical(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address.toLowerCase();
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address, or null when the runtime does not say. The peer of
 * the connection unless it is a trusted proxy: then X-Forwarded-For read from
 * the right, skipping trusted proxies, up to the first address they did not
 * add themselves (entries further left come from the client and may be forged).
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress;
  if (peer == null) return null;
  const proxies = c.get("services").config.trustedProxies;
  if (proxies.length === 0) return canonical(peer);
  const list = trustedList(proxies);
  let client = canonical(peer);
  const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  while (isTrusted(list, client) && hops.length > 0) {
    const hop = canonical(hops.pop()!);
    // A proxy that forwarded garbage is the last address known for sure.
    if (isIP(hop) === 0) break;
    client = hop;
  }
  return client;
}
