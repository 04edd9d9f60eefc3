// The network of instances in the JSON API (docs/API.md): sisters first, then
// the other instances we know of, with what their NodeInfo says.
import { Hono } from "hono";
import { currentPolicy } from "../../domain/federation-policy.ts";
import { listNetwork, type NetworkEntry } from "../../domain/network.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";

export function networkEntryJson(entry: NetworkEntry) {
  return {
    host: entry.host,
    sister: entry.sister,
    allowed: entry.allowed,
    name: entry.name,
    description: entry.description,
    software: entry.software,
    version: entry.version,
    region: entry.region,
    sector: entry.sector,
    languages: entry.languages,
    users: entry.users,
    activeUsers: entry.activeUsers,
    posts: entry.posts,
    knownActors: entry.knownActors,
    knownCommunities: entry.knownCommunities,
    keptNotes: entry.keptNotes,
    nodeInfoFetchedAt: entry.nodeInfoFetchedAt,
    outboxSyncedAt: entry.outboxSyncedAt,
  };
}

export function networkRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/network", async (c) => {
    const services = c.get("services");
    const isAdmin = currentUser(c).isAdmin;
    const instances = (await listNetwork(services, { isAdmin })).map(networkEntryJson);
    return c.json({ instances, ...(isAdmin ? { policy: { mode: (await currentPolicy(services.db)).mode } } : {}) });
  });

  return app;
}
