// Communities in the JSON API: create, read, posts (threads and replies),
// join requests for private communities.
import { Hono, type Context } from "hono";
import {
  communityLanguages,
  communityTopics,
  createCommunity,
  findCommunity,
  findLocalCommunity,
  isMember,
  isModerator,
  moderators,
  parseNewCommunity,
  remoteCommunity,
  type Community,
} from "../../domain/communities.ts";
import { DomainError } from "../../domain/errors.ts";
import { answerFollowRequest } from "../../domain/following.ts";
import { countFollows, listFollows } from "../../domain/follows.ts";
import { loadNoteDetails, type NoteRow } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson, followJson } from "./json.ts";
import { noteJson } from "./note-json.ts";

async function communityOf(c: Context<AppEnv>): Promise<Community> {
  const { db, config, directory } = c.get("services");
  const handle = c.req.param("handle") ?? "";
  const local = await findLocalCommunity(db, config.publicUrl, handle);
  if (local) return local;
  // A community of another instance, by its handle or id, as far as its Group actor tells.
  const actor = handle.includes("@") || handle.includes("://") ? await directory.resolve(handle) : null;
  if (!actor || actor.type !== "Group") throw new DomainError("not_found", "No such community");
  return (await findCommunity(db, actor.id)) ?? remoteCommunity(actor);
}

export async function communityJson(c: Context<AppEnv>, community: Community) {
  const { db } = c.get("services");
  const me = c.get("user")?.actor;
  return {
    ...actorJson(community.actor),
    visibility: community.settings.visibility,
    rules: community.settings.rules,
    languages: communityLanguages(community.settings),
    topics: communityTopics(community.settings),
    postingRestrictedToMods: community.settings.posting_restricted_to_mods === 1,
    labelVoteThreshold: community.settings.label_vote_threshold ?? null,
    membersCount: await countFollows(db, community.actor.id, "followers"),
    moderators: (await moderators(db, community.actor.id)).map(actorJson),
    member: me ? await isMember(db, community.actor.id, me.id) : false,
    moderator: me ? await isModerator(db, community.actor.id, me.id) : false,
  };
}

async function requireModerator(c: Context<AppEnv>, community: Community): Promise<void> {
  if (!(await isModerator(c.get("services").db, community.actor.id, currentUser(c).actor.id))) {
    throw new DomainError("forbidden", "Only the community's moderators may do this");
  }
}

export function communityRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/communities", async (c) => {
    const community = await createCommunity(c.get("services"), currentUser(c).actor, parseNewCommunity(await jsonBody(c)));
    return c.json(await communityJson(c, community), 201);
  });

  app.get("/communities", async (c) => {
    const { db } = c.get("services");
    const rows = await db
      .selectFrom("communities")
      .innerJoin("actors", "actors.id", "communities.actor_id")
      .select("communities.actor_id")
      .where("actors.deleted_at", "is", null)
      .where("actors.is_local", "=", 1)
      .orderBy("actors.username")
      .execute();
    const items = [];
    for (const row of rows) {
      const community = await findCommunity(db, row.actor_id);
      if (community) items.push(await communityJson(c, community));
    }
    return c.json({ items });
  });

  app.get("/communities/:handle", async (c) => c.json(await communityJson(c, await communityOf(c))));

  /** Threads (and, with ?thread=<note uri>, that thread's replies); a private community's only for members. */
  app.get("/communities/:handle/posts", async (c) => {
    const { db } = c.get("services");
    const community = await communityOf(c);
    const me = currentUser(c).actor;
    if (community.settings.visibility === "private" && !(await isMember(db, community.actor.id, me.id)) && !(await isModerator(db, community.actor.id, me.id))) {
      throw new DomainError("forbidden", "This community is private: its posts are for its members");
    }
    const rows = await db
      .selectFrom("community_posts")
      .innerJoin("notes", "notes.id", "community_posts.note_id")
      .selectAll("notes")
      .select(["community_posts.locked as post_locked", "community_posts.pinned as post_pinned"])
      .where("community_posts.community_id", "=", community.actor.id)
      .where("community_posts.removed_at", "is", null)
      .where("notes.deleted_at", "is", null)
      .orderBy("notes.published_at", "asc")
      .execute();
    const items = [];
    // A thread's lock and pin, as this community decided them (its own, or as its Group told us).
    for (const { post_locked, post_pinned, ...note } of rows) items.push({ ...noteJson(await loadNoteDetails(db, note)), locked: post_locked === 1, pinned: post_pinned === 1 });
    return c.json({ items });
  });

  app.get("/communities/:handle/requests", async (c) => {
    const community = await communityOf(c);
    await requireModerator(c, community);
    const page = await listFollows(c.get("services").db, community.actor.id, "followers", { limit: 200, status: "pending" });
    return c.json({ items: page.items.map(({ follow, actor }) => followJson(follow, actor)) });
  });

  app.post("/communities/:handle/requests/:id/:answer{accept|reject}", async (c) => {
    const community = await communityOf(c);
    await requireModerator(c, community);
    const accept = c.req.param("answer") === "accept";
    await answerFollowRequest(c.get("services"), community.actor, c.req.param("id"), accept);
    return c.json({ id: c.req.param("id"), status: accept ? "accepted" : "rejected" });
  });

  return app;
}
