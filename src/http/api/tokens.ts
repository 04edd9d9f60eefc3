// The caller's own API tokens: listed (never in clear) and revoked one by one,
// so a token copied into a forgotten script does not live forever.
import { Hono } from "hono";
import { apiTokenId, listApiTokens, revokeApiToken } from "../../domain/api-tokens.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";

export function tokenRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/tokens", async (c) => {
    const { actor } = currentUser(c);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    const current = apiTokenId(bearer);
    const tokens = await listApiTokens(c.get("services").db, actor.id);
    return c.json({ items: tokens.map((token) => ({ ...token, current: token.id === current })) });
  });

  app.delete("/tokens/:id", async (c) => {
    const { actor } = currentUser(c);
    if (!(await revokeApiToken(c.get("services").db, actor.id, c.req.param("id")))) throw new DomainError("not_found", "You have no token with this id");
    return c.body(null, 204);
  });

  return app;
}
