// A member's own blocks and mutes in the JSON API (docs/API.md, "Blocks and
// limits"): of a person (handle, actor URL) or of an instance (a domain).
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { blockOrMute, listMemberBlocks, resolveBlockTarget, unblock, type MemberBlock } from "../../domain/member-blocks.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";

export function memberBlockJson(block: MemberBlock) {
  return { id: block.id, kind: block.kind, actor: block.actor ? actorJson(block.actor) : null, domain: block.host, createdAt: block.createdAt };
}

async function target(c: Context<AppEnv>, raw: unknown) {
  return resolveBlockTarget(c.get("services"), raw);
}

export function blockRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/blocks", async (c) => {
    const items = await listMemberBlocks(c.get("services").db, currentUser(c).actor.id);
    return c.json({ items: items.map(memberBlockJson) });
  });

  app.post("/blocks", async (c) => {
    const body = await jsonBody(c);
    const kind = body.kind ?? "block";
    const { block, created } = await blockOrMute(c.get("services"), currentUser(c).actor, await target(c, body.target), kind);
    return c.json(memberBlockJson(block), created ? 201 : 200);
  });

  app.delete("/blocks", async (c) => {
    const query = c.req.query("target");
    await unblock(c.get("services"), currentUser(c).actor, await target(c, query ?? (await jsonBody(c)).target));
    return c.body(null, 204);
  });

  app.delete("/blocks/:id", async (c) => {
    const id = c.req.param("id");
    if (!/^[0-9A-Za-z]{1,40}$/.test(id)) throw new DomainError("not_found", "No such block");
    await unblock(c.get("services"), currentUser(c).actor, { id });
    return c.body(null, 204);
  });

  return app;
}
