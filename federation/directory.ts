// Finds actors by handle or URL: ours from the database, remote ones from the
// cache while fresh, else by WebFinger / a fetch signed by the instance actor.
import type { Federation } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { findActorById, findActorByHandle, findActorByUri, findLocalActor, isStale, type ActorRow } from "../src/domain/actors.ts";
import type { ActorDirectory } from "../src/domain/directory.ts";
import { DomainError } from "../src/domain/errors.ts";
import { parseHandle } from "../src/domain/handles.ts";
import type { Services } from "../src/services.ts";
import { fetchRemoteActor, live } from "./actors/resolve-actor.ts";
import { assertFetchable, HostRefusedError } from "./fetch-policy.ts";
import { assertHostAllowed, policyHostCheck } from "./policy.ts";

const logger = getLogger(["encommun", "directory"]);

export function createDirectory(federation: Federation<Services>, services: () => Services): ActorDirectory {
  async function findLocal(url: URL): Promise<ActorRow | null> {
    const { db, config } = services();
    const ctx = federation.createContext(config.publicUrl, services());
    const parsed = ctx.parseUri(url);
    if (parsed?.type === "actor") return live(await findActorById(db, parsed.identifier));
    const profile = /^\/@([^/]+)$/.exec(url.pathname);
    return profile ? live(await findLocalActor(db, config.publicUrl, decodeURIComponent(profile[1]!))) : null;
  }

  async function fetchRemote(query: string, cached: ActorRow | undefined): Promise<ActorRow | null> {
    const { config } = services();
    const ctx = federation.createContext(config.publicUrl, services());
    try {
      const target = query.startsWith("acct:") ? new URL(`https://${query.slice(query.lastIndexOf("@") + 1)}/`) : new URL(query);
      await assertFetchable(target, config.allowPrivateAddress);
      return live((await fetchRemoteActor(ctx, query)) ?? cached);
    } catch (error) {
      if (error instanceof HostRefusedError) {
        throw new DomainError("forbidden", `This instance does not federate with ${error.host} (federation policy)`);
      }
      if (error instanceof Error && error.name === "UrlError") {
        throw new DomainError("invalid", `Refused to fetch ${query}: private addresses and plain http are not allowed`);
      }
      logger.info("Lookup of {query} failed: {error}", { query, error });
      return live(cached);
    }
  }

  return {
    async resolve(query: string): Promise<ActorRow | null> {
      const { db, config } = services();
      const allowsHost = policyHostCheck(db, config.publicUrl);
      // A bare name (`jardins`, `@jardins`) is an actor of this instance, as a mention without a host is.
      const bare = /^@?([\w.-]+)$/.exec(query.trim());
      if (bare) return live(await findLocalActor(db, config.publicUrl, bare[1]!));
      const handle = parseHandle(query);
      if (handle) {
        if (handle.host === config.publicUrl.host.toLowerCase()) {
          return live(await findLocalActor(db, config.publicUrl, handle.username));
        }
        await assertHostAllowed(allowsHost, handle.host);
        const cached = await findActorByHandle(db, handle.username, handle.host);
        if (cached && cached.is_local === 0 && !isStale(cached)) return live(cached);
        return fetchRemote(`acct:${handle.username}@${handle.host}`, cached);
      }
      let url: URL;
      try {
        url = new URL(query.trim());
      } catch {
        return null;
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") return null;
      if (url.origin === config.publicUrl.origin) return findLocal(url);
      await assertHostAllowed(allowsHost, url.host);
      const cached = await findActorByUri(db, url.href);
      if (cached && !isStale(cached)) return live(cached);
      return fetchRemote(url.href, cached);
    },
  };
}
