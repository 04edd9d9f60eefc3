// Moderating a local community in the JSON API (docs/API-communities.md):
// posts (remove, restore, lock, pin), bans, moderators, the community's profile, and
// the moderation queue. The domain checks that the caller is a moderator.
import { Hono, type Context } from "hono";
import { findLocalCommunity, isModerator, moderators, type Community } from "../../domain/communities.ts";
import {
  addModerator,
  banMember,
  moderationQueue,
  parseCommunityChange,
  removeModerator,
  removePost,
  restorePost,
  setPinned,
  setThreadLocked,
  unbanMember,
  updateCommunity,
  type BanRow,
  type CommunityPostRow,
} from "../../domain/community-moderation.ts";
import { DomainError } from "../../domain/errors.ts";
import { loadNoteDetails } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { communityJson } from "./communities.ts";
import { actorJson, followJson } from "./json.ts";
import { noteJson } from "./note-json.ts";

async function localCommunity(c: Context<AppEnv>): Promise<Community> {
  const { db, config } = c.get("services");
  const community = await findLocalCommunity(db, config.publicUrl, c.req.param("handle") ?? "");
  // A community of another instance is moderated on that instance.
  if (!community) throw new DomainError("not_found", "No such community on this instance");
  return community;
}

function postJson(post: CommunityPostRow) {
  return { noteId: post.note_id, isThread: post.is_thread === 1, pinned: post.pinned === 1, locked: post.locked === 1, removedAt: post.removed_at };
}

function banJson(ban: BanRow) {
  return { actor: actorJson(ban.actor), reason: ban.reason, createdAt: ban.createdAt };
}

function booleanField(body: Record<string, unknown>, key: string): boolean {
  const value = body[key];
  if (typeof value !== "boolean") throw new DomainError("invalid", `${key} must be true or false`);
  return value;
}

function actorField(value: unknown): string {
  if (typeof value !== "string" || !value.trim()) throw new DomainError("invalid", 'Give "actor": a handle (@name@host) or an actor URL');
  return value;
}

/** The actor of a DELETE: `?actor=` or, as in the other routes, the JSON body. */
async function actorOfDelete(c: Context<AppEnv>): Promise<string> {
  return actorField(c.req.query("actor") ?? (await jsonBody(c)).actor);
}

async function moderatorsJson(c: Context<AppEnv>, community: Community) {
  return { moderators: (await moderators(c.get("services").db, community.actor.id)).map(actorJson) };
}

export function communityModerationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/communities/:handle/posts/:noteId/remove", async (c) => {
    const { post } = await removePost(c.get("services"), currentUser(c).actor, await localCommunity(c), c.req.param("noteId"));
    return c.json(postJson(post));
  });

  app.post("/communities/:handle/posts/:noteId/restore", async (c) => {
    const { post } = await restorePost(c.get("services"), currentUser(c).actor, await localCommunity(c), c.req.param("noteId"));
    return c.json(postJson(post));
  });

  app.post("/communities/:handle/posts/:noteId/lock", async (c) => {
    const community = await localCommunity(c);
    const body = await jsonBody(c);
    const locked = booleanField(body, "locked");
    // The reason travels as the Lock's `summary`, as Lemmy's moderators give one.
    const { post } = await setThreadLocked(c.get("services"), currentUser(c).actor, community, c.req.param("noteId"), locked, { reason: body.reason as string | null | undefined });
    return c.json(postJson(post));
  });

  app.post("/communities/:handle/posts/:noteId/pin", async (c) => {
    const community = await localCommunity(c);
    const pinned = booleanField(await jsonBody(c), "pinned");
    const { post } = await setPinned(c.get("services"), currentUser(c).actor, community, c.req.param("noteId"), pinned);
    return c.json(postJson(post));
  });

  app.post("/communities/:handle/bans", async (c) => {
    const community = await localCommunity(c);
    const body = await jsonBody(c);
    if (body.reason != null && typeof body.reason !== "string") throw new DomainError("invalid", "reason must be a text");
    const { ban, created } = await banMember(c.get("services"), currentUser(c).actor, community, actorField(body.actor), (body.reason as string | undefined) ?? null);
    return c.json(banJson(ban), created ? 201 : 200);
  });

  app.delete("/communities/:handle/bans", async (c) => {
    const community = await localCommunity(c);
    await unbanMember(c.get("services"), currentUser(c).actor, community, await actorOfDelete(c));
    return c.body(null, 204);
  });

  app.post("/communities/:handle/moderators", async (c) => {
    const community = await localCommunity(c);
    const { created } = await addModerator(c.get("services"), currentUser(c).actor, community, actorField((await jsonBody(c)).actor));
    return c.json(await moderatorsJson(c, community), created ? 201 : 200);
  });

  app.delete("/communities/:handle/moderators", async (c) => {
    const community = await localCommunity(c);
    await removeModerator(c.get("services"), currentUser(c).actor, community, await actorOfDelete(c));
    return c.body(null, 204);
  });

  app.patch("/communities/:handle", async (c) => {
    const community = await localCommunity(c);
    const change = parseCommunityChange(await jsonBody(c));
    const updated = await updateCommunity(c.get("services"), currentUser(c).actor, community, change);
    return c.json(await communityJson(c, updated));
  });

  app.get("/communities/:handle/moderation", async (c) => {
    const { db } = c.get("services");
    const community = await localCommunity(c);
    if (!(await isModerator(db, community.actor.id, currentUser(c).actor.id))) {
      throw new DomainError("forbidden", "Only the community's moderators may do this");
    }
    const queue = await moderationQueue(db, community.actor.id);
    const removed = [];
    for (const { note, isThread, removedAt } of queue.removed) {
      removed.push({ isThread, removedAt, note: noteJson(await loadNoteDetails(db, note)) });
    }
    return c.json({
      requests: queue.requests.map(({ follow, actor }) => followJson(follow, actor)),
      removed,
      bans: queue.bans.map(banJson),
    });
  });

  return app;
}
