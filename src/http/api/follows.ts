import { Hono, type Context } from "hono";
import { findActorById, type ActorRow } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { answerFollowRequest, followActor, unfollowActor } from "../../domain/following.ts";
import { countFollows, listFollows } from "../../domain/follows.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { followJson } from "./json.ts";

async function resolveTarget(c: Context<AppEnv>, target: unknown): Promise<ActorRow> {
  if (typeof target !== "string" || target.trim() === "") {
    throw new DomainError("invalid", 'Give "target": a handle (@name@host) or an actor URL');
  }
  const actor = await c.get("services").directory.resolve(target);
  if (!actor) throw new DomainError("not_found", `No actor found for ${target}`);
  return actor;
}

function pageParams(c: Context<AppEnv>): { limit: number; cursor: string | null } {
  const limit = Number(c.req.query("limit") ?? 40);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit must be an integer from 1 to 200");
  return { limit, cursor: c.req.query("cursor") ?? null };
}

export function followRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/follows", async (c) => {
    const me = currentUser(c).actor;
    const target = await resolveTarget(c, (await jsonBody(c)).target);
    const { follow, created } = await followActor(c.get("services"), me, target);
    return c.json(followJson(follow, target), created ? 201 : 200);
  });

  app.delete("/follows", async (c) => {
    const me = currentUser(c).actor;
    const query = c.req.query("target");
    const target = await resolveTarget(c, query ?? (await jsonBody(c)).target);
    const removed = await unfollowActor(c.get("services"), me, target);
    if (!removed) throw new DomainError("not_found", "You do not follow this actor");
    return c.body(null, 204);
  });

  for (const direction of ["followers", "following"] as const) {
    app.get(`/${direction}`, async (c) => {
      const me = currentUser(c).actor;
      const { db } = c.get("services");
      const page = await listFollows(db, me.id, direction, pageParams(c));
      return c.json({
        total: await countFollows(db, me.id, direction),
        items: page.items.map(({ follow, actor }) => followJson(follow, actor)),
        nextCursor: page.nextCursor,
      });
    });
  }

  app.get("/follow_requests", async (c) => {
    const me = currentUser(c).actor;
    const page = await listFollows(c.get("services").db, me.id, "followers", { ...pageParams(c), status: "pending" });
    return c.json({ items: page.items.map(({ follow, actor }) => followJson(follow, actor)), nextCursor: page.nextCursor });
  });

  app.post("/follow_requests/:id/:answer{accept|reject}", async (c) => {
    const me = currentUser(c).actor;
    const services = c.get("services");
    const accept = c.req.param("answer") === "accept";
    const follow = await answerFollowRequest(services, me, c.req.param("id"), accept);
    const follower = await findActorById(services.db, follow.follower_id);
    return c.json({ ...followJson(follow, follower!), status: accept ? "accepted" : "rejected" });
  });

  return app;
}
