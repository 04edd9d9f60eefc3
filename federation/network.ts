// The NetworkPort: what the domain asks of other instances (NodeInfo, their
// instance actor, a sister's instance outbox). Every host is checked against
// the federation policy before anything is asked of it.
//
// NodeInfo: Fedify's getNodeInfo in production. It always refuses private
// addresses (no option in 2.3.6), so with ALLOW_PRIVATE_ADDRESS (loopback
// tests) we fetch the discovery document and NodeInfo ourselves and parse it
// with Fedify's parseNodeInfo, the same parser.
import { getNodeInfo, parseNodeInfo, type Federation, type NodeInfo } from "@fedify/fedify";
import { Announce, Create, isActor, OrderedCollection, Collection } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../src/domain/actors.ts";
import type { NetworkPort, RemoteInstanceInfo, SisterSync } from "../src/domain/network.ts";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import { upsertRemoteNote } from "../src/domain/remote-notes.ts";
import type { Services } from "../src/services.ts";
import { VERSION } from "../src/version.ts";
import { persistActor } from "./actors/persist-actor.ts";
import { resolveActorByUri } from "./actors/resolve-actor.ts";
import { assertFetchable } from "./fetch-policy.ts";
import { isNoteLike, toRemoteNoteData } from "./notes/persist-note.ts";
import { lookupWithinPolicy, policyHostCheck } from "./policy.ts";
import { resolveRemoteTerms } from "./terms-remote.ts";

const logger = getLogger(["encommun", "federation", "network"]);

const NODEINFO_RELS = ["http://nodeinfo.diaspora.software/ns/schema/2.1", "http://nodeinfo.diaspora.software/ns/schema/2.0"];
const FEP_2677_REL = "https://www.w3.org/ns/activitystreams#Application";
/** At most this many outbox items are read per sync (newest first): a sister's listing, not an archive. */
export const SISTER_SYNC_MAX_ITEMS = 200;

function text(value: unknown, max = 500): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : null;
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : null;
}

/** NodeInfo as the domain keeps it: standard fields, and En commun's (and Mastodon's) metadata when present. */
export function toInstanceInfo(nodeInfo: NodeInfo): RemoteInstanceInfo {
  const metadata = (nodeInfo.metadata ?? {}) as Record<string, unknown>;
  const languages = Array.isArray(metadata.languages) ? metadata.languages.filter((l): l is string => typeof l === "string").slice(0, 20) : [];
  return {
    name: text(metadata.nodeName, 200),
    description: text(metadata.nodeDescription, 2000),
    software: text(nodeInfo.software.name, 100),
    version: text(String(nodeInfo.software.version), 100),
    region: text(metadata.region, 200),
    sector: text(metadata.sector, 200),
    languages,
    usersTotal: count(nodeInfo.usage.users.total),
    usersActiveMonth: count(nodeInfo.usage.users.activeMonth),
    localPosts: count(nodeInfo.usage.localPosts),
    openRegistrations: typeof nodeInfo.openRegistrations === "boolean" ? nodeInfo.openRegistrations : null,
    instanceActorUri: text(metadata.instanceActor, 2000),
  };
}

export function createNetwork(federation: Federation<Services>, services: () => Services): NetworkPort {
  const userAgent = () => `encommun/${VERSION} (+${services().config.publicUrl.origin})`;
  const allowed = async (host: string) => {
    const { db, config } = services();
    return host !== config.publicUrl.host.toLowerCase() && (await policyHostCheck(db, config.publicUrl)(host));
  };

  /** A JSON document from a host the policy allows, under the deployment's address rules. */
  async function fetchJson(url: URL): Promise<unknown> {
    if (!(await allowed(url.host))) throw new Error(`${url.host} is not allowed by the federation policy`);
    await assertFetchable(url, services().config.allowPrivateAddress);
    const response = await fetch(url, {
      headers: { Accept: "application/json", "User-Agent": userAgent() },
      redirect: "error", // the process-wide deadline (outgoing-deadline.ts) bounds it
    });
    if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
    return response.json();
  }

  /** The NodeInfo discovery document's links (`/.well-known/nodeinfo`). */
  async function discoveryLinks(host: string): Promise<{ rel: string; href: string }[]> {
    const jrd = (await fetchJson(new URL(`https://${host}/.well-known/nodeinfo`))) as { links?: unknown };
    if (!Array.isArray(jrd?.links)) return [];
    return jrd.links.filter((l): l is { rel: string; href: string } => typeof l?.rel === "string" && typeof l?.href === "string");
  }

  async function loaders() {
    const { config } = services();
    const ctx = federation.createContext(config.publicUrl, services());
    return { ctx, documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID }), contextLoader: ctx.contextLoader };
  }

  async function fetchActor(uri: string, host: string): Promise<ActorRow | null> {
    const url = URL.parse(uri);
    if (!url || url.host !== host) return null;
    const { ctx } = await loaders();
    return resolveActorByUri(ctx, url);
  }

  return {
    async nodeInfo(host: string): Promise<RemoteInstanceInfo | null> {
      if (!(await allowed(host))) return null;
      const { config } = services();
      let nodeInfo: NodeInfo | undefined | null;
      if (config.allowPrivateAddress) {
        const link = (await discoveryLinks(host)).find((l) => NODEINFO_RELS.includes(l.rel));
        const href = link ? URL.parse(link.href) : null;
        if (!href || href.host !== host) return null;
        nodeInfo = parseNodeInfo(await fetchJson(href), { tryBestEffort: true });
      } else {
        nodeInfo = await getNodeInfo(new URL(`https://${host}/`), { parse: "best-effort", userAgent: userAgent() });
      }
      return nodeInfo ? toInstanceInfo(nodeInfo) : null;
    },

    async instanceActor(host: string, hint: string | null): Promise<ActorRow | null> {
      if (!(await allowed(host))) return null;
      const candidates: string[] = hint ? [hint] : [];
      try {
        const link = (await discoveryLinks(host)).find((l) => l.rel === FEP_2677_REL);
        if (link) candidates.push(link.href);
      } catch (error) {
        logger.debug("No NodeInfo discovery document at {host}: {error}", { host, error });
      }
      for (const uri of new Set(candidates)) {
        const actor = await fetchActor(uri, host).catch(() => null);
        if (actor?.type === "Application") return actor;
      }
      // Mastodon's convention, which ours follows too: acct:host@host.
      const { db } = services();
      const { ctx, documentLoader, contextLoader } = await loaders();
      const object = await lookupWithinPolicy(ctx, `acct:${host}@${host}`, { documentLoader, contextLoader }).catch(() => null);
      if (object && isActor(object) && object.id?.host === host) {
        const actor = await persistActor(db, object);
        if (actor?.type === "Application") return actor;
      }
      return null;
    },

    /**
     * Trusts: the outbox as served by the sister's own origin, fetched with a
     * request signed by our instance actor. Keeps only public notes whose id
     * lives on that host and that one of its people wrote, and Groups of that
     * host; everything else in it is ignored.
     */
    async syncSister(host: string, instanceActor: ActorRow): Promise<SisterSync> {
      if (!(await allowed(host)) || !instanceActor.outbox_url) return { notes: 0, communities: 0 };
      const { ctx, documentLoader, contextLoader } = await loaders();
      const outbox = await lookupWithinPolicy(ctx, instanceActor.outbox_url, { documentLoader, contextLoader });
      if (!(outbox instanceof OrderedCollection || outbox instanceof Collection) || outbox.id?.host !== host) {
        logger.info("The outbox of {host} is not a collection on that host: nothing read", { host });
        return { notes: 0, communities: 0 };
      }
      let notes = 0;
      let communities = 0;
      let seen = 0;
      for await (const item of ctx.traverseCollection(outbox, { documentLoader, contextLoader, suppressError: true })) {
        if (++seen > SISTER_SYNC_MAX_ITEMS) break;
        if (item instanceof Create) {
          const object = await item.getObject({ documentLoader, contextLoader, crossOrigin: "ignore" }).catch(() => null);
          if (!isNoteLike(object) || object.id?.host !== host) continue;
          const parsed = await toRemoteNoteData(object, (uri) => resolveActorByUri(ctx, uri), { documentLoader, contextLoader });
          if (!parsed.ok || parsed.data.visibility !== "public" || !parsed.data.authors.some((a) => a.domain === host)) continue;
          const result = await upsertRemoteNote(ctx.data.db, parsed.data, (terms) => resolveRemoteTerms(ctx, terms));
          if (result.status === "created" || result.status === "updated") notes++;
        } else if (item instanceof Announce && item.objectId?.host === host) {
          const group = await resolveActorByUri(ctx, item.objectId).catch(() => null);
          if (group?.type === "Group") communities++;
        }
      }
      return { notes, communities };
    },
  };
}
