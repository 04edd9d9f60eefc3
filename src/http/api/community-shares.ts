import { Hono, type Context } from "hono";
import { findLocalCommunity, type Community } from "../../domain/communities.ts";
import { linkCommunity, linkedCommunities, shareIntoCommunity, unlinkCommunity } from "../../domain/community-shares.ts";
import { DomainError } from "../../domain/errors.ts";
import { loadNoteDetails } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";
import { noteJson } from "./note-json.ts";

async function localCommunity(c: Context<AppEnv>): Promise<Community> {
  const { db, config } = c.get("services");
  const community = await findLocalCommunity(db, config.publicUrl, c.req.param("handle") ?? "");
  if (!community) throw new DomainError("not_found", "No such community on this instance");
  return community;
}

function textField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value.trim() === "") throw new DomainError("invalid", `Give "${key}": a URL or a handle`);
  return value.trim();
}

export function communityShareRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/communities/:handle/shares", async (c) => {
    const services = c.get("services");
    const result = await shareIntoCommunity(services, currentUser(c).actor, await localCommunity(c), textField(await jsonBody(c), "note"));
    return c.json({ mode: result.mode, warning: result.warning, note: noteJson(await loadNoteDetails(services.db, result.note)) }, 201);
  });

  app.get("/communities/:handle/links", async (c) => {
    return c.json({ items: await linkedCommunities(c.get("services"), (await localCommunity(c)).actor.id) });
  });

  app.post("/communities/:handle/links", async (c) => {
    const linked = await linkCommunity(c.get("services"), currentUser(c).actor, await localCommunity(c), textField(await jsonBody(c), "community"));
    return c.json(actorJson(linked), 201);
  });

  app.delete("/communities/:handle/links", async (c) => {
    const uri = c.req.query("community");
    if (!uri) throw new DomainError("invalid", "Give ?community=<Group URL>");
    await unlinkCommunity(c.get("services"), currentUser(c).actor, await localCommunity(c), uri);
    return c.body(null, 204);
  });

  return app;
}
