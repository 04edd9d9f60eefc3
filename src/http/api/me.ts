import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { changeProfile } from "../../domain/following.ts";
import { countFollows } from "../../domain/follows.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson, ownActorJson } from "./json.ts";
import { profileChangeFromJson } from "./profile-change.ts";

export function meRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/me", async (c) => {
    const { actor, isAdmin } = currentUser(c);
    const { db } = c.get("services");
    return c.json({
      ...ownActorJson(actor),
      isAdmin,
      followersCount: await countFollows(db, actor.id, "followers"),
      followingCount: await countFollows(db, actor.id, "following"),
    });
  });

  app.patch("/me", async (c) => {
    const { actor } = currentUser(c);
    const updated = await changeProfile(c.get("services"), actor, profileChangeFromJson(await jsonBody(c)));
    return c.json(ownActorJson(updated));
  });

  app.get("/actors/lookup", async (c) => {
    const query = c.req.query("q");
    if (!query) throw new DomainError("invalid", "Give q: a handle (@name@host) or an actor URL");
    const actor = await c.get("services").directory.resolve(query);
    if (!actor) throw new DomainError("not_found", `No actor found for ${query}`);
    return c.json(actorJson(actor));
  });

  return app;
}
