// Who works on what (docs/API.md, "Interests"): people, organizations and
// communities by interest tag, here and on sister instances, with their
// Québec region and relation counts, and the counts per region the map
// draws. Public: only those who made their interests public appear, so no
// token is needed (a token hides what its owner muted or blocked).
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { FIND_LIMITS, findByInterests, type FoundActor } from "../../domain/find-by-interest.ts";
import { interestKeys } from "../../domain/interests.ts";
import { regionFromText, type QuebecRegion } from "../../domain/regions.ts";
import type { AppEnv } from "../env.ts";
import { actorJson } from "./json.ts";
import { apiViewer } from "./search.ts";

function regionJson(region: QuebecRegion | null) {
  return region ? { code: region.code, name: region.name } : null;
}

function foundJson(item: FoundActor) {
  const { actor } = item;
  return {
    kind: item.kind,
    actor: actorJson(actor),
    instance: item.instance,
    region: regionJson(item.region),
    coordinates: actor.latitude != null && actor.longitude != null ? { latitude: actor.latitude, longitude: actor.longitude } : null,
    interests: item.interests,
    counts: item.counts,
  };
}

/** The tags and region of a find request (page or API); a region that is not one of the 17 is a 400. */
export function findQuery(c: Context<AppEnv>): { tags: string; region: string | null } {
  const tags = (c.req.queries("tag") ?? []).join(",").slice(0, 500);
  const regionText = c.req.query("region")?.trim() ?? "";
  const region = regionText ? regionFromText(regionText) : undefined;
  if (regionText && !region) throw new DomainError("invalid", "region must be one of Québec's 17 administrative regions (its number 01–17 or its name)");
  return { tags, region: region?.code ?? null };
}

export function interestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/interests", async (c) => {
    const { db } = c.get("services");
    const { tags, region } = findQuery(c);
    if (interestKeys(tags).length === 0) throw new DomainError("invalid", "Give tag: one interest tag or several (tag=a&tag=b, or comma-separated)");
    const limitText = c.req.query("limit");
    const limit = limitText == null ? 20 : Number.parseInt(limitText, 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > FIND_LIMITS.page) throw new DomainError("invalid", `limit must be a whole number from 1 to ${FIND_LIMITS.page}`);
    const result = await findByInterests(db, { tags, region, viewerId: apiViewer(c)?.id ?? null, limit, cursor: c.req.query("cursor") ?? null });
    return c.json({
      tags: result.keys,
      region: region ? regionJson(regionFromText(region) ?? null) : null,
      items: result.items.map(foundJson),
      nextCursor: result.nextCursor,
      regions: result.regions.map((r) => ({ region: regionJson(r.region), count: r.count })),
      points: result.points,
    });
  });

  return app;
}
