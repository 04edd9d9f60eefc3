// HTML pages of the communities (Passerelles): the index, a community with
// its discussions, one discussion and the creation form (the moderators'
// pages are in community-moderation-pages.ts). Joining is following the Group (the domain decides
// whether it waits for a moderator); posting goes through createNote, which
// queues the federation. Nothing here builds activities.
import { searchEnginesMayIndex } from "../../domain/privacy-choices.ts";
import { isListed } from "../../domain/visibility.ts";
import { Hono, type Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { localUsername } from "../../domain/accounts.ts";
import { findActorByHandle, hostOf } from "../../domain/actors.ts";
import { createCommunity, findCommunity, findLocalCommunity, isBanned, isModerator, moderators, parseNewCommunity, type Community } from "../../domain/communities.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { DomainError } from "../../domain/errors.ts";
import { followActor, unfollowActor } from "../../domain/following.ts";
import { countFollows, findFollow } from "../../domain/follows.ts";
import { createNote } from "../../domain/note-writing.ts";
import { canSeeNote, type NoteRow } from "../../domain/notes.ts";
import { refreshThread } from "../../domain/thread-backfill.ts";
import { findThread, listThreads, type ThreadRow } from "../../domain/community-threads.ts";
import { descendants, replyCounts } from "../../domain/threads.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv, CurrentUser } from "../env.ts";
import { commaList, field } from "../forms.ts";
import { prefersActivityJson } from "../negotiation.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { communitiesIndexPage, communityPath, type ListedCommunity } from "../views/communities-index.ts";
import { communityPage, threadPath, type CommunityViewer, type ThreadSummary } from "../views/community.ts";
import { EMPTY_COMMUNITY_FORM, communityFormPage, type CommunityForm } from "../views/community-form.ts";
import { threadPage, type ReplyAccess } from "../views/community-thread.ts";
import type { ThreadPost } from "../views/discussion.ts";
import { viewContext } from "../views/layout.ts";
import { authorsOf, buildDiscussion } from "./discussion-tree.ts";
import { discussionFacts, replyStatusKey } from "./discussion-facts.ts";
import { renderMessagePage, type MessagePage } from "../views/message.ts";
import { refusalPage } from "../refusal-text.ts";
import { interestSuggestions } from "../../domain/interests.ts";

export const COMMUNITIES_PER_PAGE = 50;

const COMMUNITY_DONE = { created: "communities.done.created", joined: "communities.done.joined", left: "communities.done.left", updated: "communities.done.updated" } as const;

function communityDoneStatus(done: string | undefined): (typeof COMMUNITY_DONE)[keyof typeof COMMUNITY_DONE] | null {
  return done != null && Object.hasOwn(COMMUNITY_DONE, done) ? COMMUNITY_DONE[done as keyof typeof COMMUNITY_DONE] : null;
}
export const THREADS_PER_PAGE = 30;
/** Bound on the SQL `in (…)` lists (SQLite allows a few thousand parameters). */
const IN_CHUNK = 500;

type Db = Kysely<Database>;

// ---------------------------------------------------------------------------
// Answers other than the page.

function message(c: Context<AppEnv>, status: 403 | 404 | 410, title: MessagePage["title"], body: MessagePage["body"]): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title, body }), status);
}

const notFound = (c: Context<AppEnv>) => message(c, 404, "error.notFoundTitle", "error.notFoundBody");
const membersOnly = (c: Context<AppEnv>) => message(c, 403, "communities.privateTitle", "communities.privateBody");

function refused(c: Context<AppEnv>, error: unknown): Response | Promise<Response> {
  if (!(error instanceof DomainError)) throw error;
  return refusalPage(c, error);
}

// ---------------------------------------------------------------------------
// Who is looking, and what they may read.

async function communityOf(c: Context<AppEnv>): Promise<Community | null> {
  const { db, config } = c.get("services");
  return (await findLocalCommunity(db, config.publicUrl, c.req.param("handle") ?? "")) ?? null;
}

async function viewerOf(db: Db, community: Community, user: CurrentUser | null): Promise<CommunityViewer | null> {
  if (!user) return null;
  const [follow, moderator, banned] = await Promise.all([
    findFollow(db, user.actor.id, community.actor.id),
    isModerator(db, community.actor.id, user.actor.id),
    isBanned(db, community.actor.id, user.actor.id),
  ]);
  return { membership: follow ? (follow.status === "accepted" ? "member" : "pending") : "none", moderator, banned };
}

/** A public community's discussions are for everyone; a private one's for its members and moderators. */
function readsThreads(community: Community, viewer: CommunityViewer | null): boolean {
  if (community.settings.visibility === "public") return true;
  return viewer != null && !viewer.banned && (viewer.membership === "member" || viewer.moderator);
}

function mayPost(viewer: CommunityViewer | null): viewer is CommunityViewer {
  return viewer != null && !viewer.banned && (viewer.membership === "member" || viewer.moderator);
}

/**
 * Whether one post shows: its own visibility decides (a followers-only reply
 * stays with its author's followers), and a private community's members read
 * what is posted into it (moderators too, even when they are not members).
 */
async function mayRead(db: Db, community: Community, note: NoteRow, viewerId: string | null, readsCommunity: boolean): Promise<boolean> {
  if (note.deleted_at != null) return false;
  if (note.visibility === "community" && community.settings.visibility === "private" && readsCommunity) return true;
  return canSeeNote(db, note, viewerId);
}

// ---------------------------------------------------------------------------
// Threads.

/** Posts the community's moderators removed. */
async function removedIn(db: Db, communityId: string, noteIds: readonly string[]): Promise<Set<string>> {
  const removed = new Set<string>();
  for (let i = 0; i < noteIds.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom("community_posts")
      .select("note_id")
      .where("community_id", "=", communityId)
      .where("removed_at", "is not", null)
      .where("note_id", "in", noteIds.slice(i, i + IN_CHUNK))
      .execute();
    for (const row of rows) removed.add(row.note_id);
  }
  return removed;
}

/** The thread as the viewer may see it (see discussion-tree.ts), with this community's removals. */
function buildThread(db: Db, community: Community, root: NoteRow, viewerId: string | null, readsCommunity: boolean): Promise<ThreadPost> {
  return buildDiscussion(db, root, viewerId, {
    removed: (ids) => removedIn(db, community.actor.id, ids),
    mayRead: (note) => mayRead(db, community, note, viewerId, readsCommunity),
  });
}

async function pendingCount(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("following_id", "=", communityId)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function replyAccess(viewer: CommunityViewer | null, locked: boolean): ReplyAccess {
  // Moderators may still answer in a locked thread (as the domain's postingRefusal allows).
  if (locked && !viewer?.moderator) return "locked";
  if (!viewer) return "signin";
  if (viewer.banned) return "banned";
  return mayPost(viewer) ? "allowed" : "join";
}

// ---------------------------------------------------------------------------
// Forms.

/** The new community's fields (communities.ts) as the form's fields and labels. */
const COMMUNITY_FIELDS: FieldMap = {
  handle: { field: "handle", label: "communities.formHandle" },
  name: { field: "name", label: "communities.formName" },
  summary: { field: "summary", label: "communities.formSummary" },
  rules: { field: "rules", label: "communities.formRules" },
  languages: { field: "languages", label: "communities.formLanguages" },
  topics: { field: "topics", label: "communities.formTopics" },
  region: { field: "region", label: "settings.region" },
};

function communityFormFrom(body: Record<string, unknown>): CommunityForm {
  return {
    handle: field(body, "handle").trim().replace(/^@/, ""),
    name: field(body, "name").trim(),
    summary: field(body, "summary").replace(/\r\n?/g, "\n").trim(),
    visibility: field(body, "visibility") || "public",
    rules: field(body, "rules").replace(/\r\n?/g, "\n").trim(),
    languages: field(body, "languages"),
    topics: field(body, "topics"),
    region: field(body, "region"),
    postingRestrictedToMods: field(body, "postingRestrictedToMods") === "1",
  };
}

/** The form as parseNewCommunity reads it (the domain checks everything). */
function newCommunityInput(form: CommunityForm): Record<string, unknown> {
  return {
    handle: form.handle,
    name: form.name,
    summary: form.summary,
    visibility: form.visibility,
    rules: form.rules,
    languages: commaList(form.languages).map((code) => code.toLowerCase()),
    topics: commaList(form.topics),
    region: form.region,
    postingRestrictedToMods: form.postingRestrictedToMods,
  };
}

// ---------------------------------------------------------------------------

export function communityPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // A Group's fediverse profile URL (`/@jardins`, which Mastodon links to) is its community page.
  // Mounted before the profile pages; anything else goes on to them.
  app.get("/:handle{@[^/]+}", async (c, next) => {
    if (!prefersActivityJson(c.req.header("accept"))) {
      const { db, config } = c.get("services");
      const username = localUsername(c.req.param("handle"), config.publicUrl);
      const actor = username == null ? undefined : await findActorByHandle(db, username, hostOf(config.publicUrl));
      if (actor && actor.is_local === 1 && actor.type === "Group" && actor.deleted_at == null) {
        return c.redirect(`/c/${encodeURIComponent(actor.username)}`, 302);
      }
    }
    await next();
  });

  app.get("/communities", async (c) => {
    const { db } = c.get("services");
    const cursor = c.req.query("cursor")?.slice(0, 100) || null;
    let query = db
      .selectFrom("communities")
      .innerJoin("actors", "actors.id", "communities.actor_id")
      .select(["communities.actor_id", "actors.username_key"])
      .where("actors.deleted_at", "is", null)
      .where("actors.is_local", "=", 1)
      .orderBy("actors.username_key")
      .limit(COMMUNITIES_PER_PAGE + 1);
    if (cursor) query = query.where("actors.username_key", ">", cursor);
    const rows = await query.execute();
    const page = rows.slice(0, COMMUNITIES_PER_PAGE);
    const communities: ListedCommunity[] = [];
    for (const row of page) {
      const community = await findCommunity(db, row.actor_id);
      if (community) communities.push({ community, members: await countFollows(db, community.actor.id, "followers") });
    }
    const last = page[page.length - 1];
    const nextHref = rows.length > COMMUNITIES_PER_PAGE && last ? `/communities?cursor=${encodeURIComponent(last.username_key)}` : null;
    return c.html(communitiesIndexPage(viewContext(c), { communities, nextHref }));
  });

  app.get("/communities/new", requireSignIn, async (c) =>
    c.html(communityFormPage(viewContext(c), { form: EMPTY_COMMUNITY_FORM, errors: [], suggestions: await interestSuggestions(c.get("services").db) })),
  );

  app.post("/communities/new", requireSignIn, csrfProtection, async (c) => {
    const form = communityFormFrom(await c.req.parseBody());
    try {
      const community = await createCommunity(c.get("services"), signedInUser(c).actor, parseNewCommunity(newCommunityInput(form)));
      return c.redirect(`${communityPath(community)}?done=created`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== "invalid" && error.code !== "conflict")) return refused(c, error);
      const v = viewContext(c);
      const errors = fieldErrorsOf(v, error.fields, COMMUNITY_FIELDS, "handle");
      return c.html(communityFormPage(v, { form, errors, suggestions: await interestSuggestions(c.get("services").db) }), error.code === "conflict" ? 409 : 400);
    }
  });

  app.get("/c/:handle", async (c) => {
    const community = await communityOf(c);
    if (!community) return notFound(c);
    if (prefersActivityJson(c.req.header("accept"))) {
      c.header("Vary", "Accept");
      return c.redirect(community.actor.uri, 302);
    }
    const { db } = c.get("services");
    const user = c.get("user");
    const viewer = await viewerOf(db, community, user);
    const reads = readsThreads(community, viewer);
    let threads: ThreadSummary[] | null = null;
    let nextHref: string | null = null;
    if (reads) {
      const { rows, nextCursor } = await listThreads(db, community.actor.id, c.req.query("cursor") ?? null, THREADS_PER_PAGE);
      const readable: ThreadRow[] = [];
      for (const row of rows) if (await mayRead(db, community, row.note, user?.actor.id ?? null, reads)) readable.push(row);
      const authors = await authorsOf(
        db,
        readable.map((r) => r.note.id),
      );
      const replies = await replyCounts(
        db,
        community.actor.id,
        readable.map((r) => r.note),
      );
      threads = readable.map((row) => ({ ...row, authors: authors.get(row.note.id) ?? [], replies: replies.get(row.note.id) ?? 0 }));
      nextHref = nextCursor ? `${communityPath(community)}?cursor=${encodeURIComponent(nextCursor)}` : null;
    }
    // What members read is not for shared caches.
    if (community.settings.visibility === "private") c.header("Cache-Control", "private");
    return c.html(
      communityPage(viewContext(c), {
        community,
        moderators: await moderators(db, community.actor.id),
        members: await countFollows(db, community.actor.id, "followers"),
        viewer,
        threads,
        nextHref,
        canStartThread: mayPost(viewer) && (community.settings.posting_restricted_to_mods === 0 || viewer.moderator),
        pendingRequests: viewer?.moderator ? await pendingCount(db, community.actor.id) : null,
        // What the member just did, said back to them (a visitor's copy of the address says nothing).
        status: user ? communityDoneStatus(c.req.query("done")) : null,
      }),
    );
  });

  for (const [path, join] of [
    ["/c/:handle/join", true],
    ["/c/:handle/leave", false],
  ] as const) {
    app.post(path, requireSignIn, csrfProtection, async (c) => {
      const community = await communityOf(c);
      if (!community) return notFound(c);
      const services = c.get("services");
      const me = signedInUser(c).actor;
      try {
        if (!join) await unfollowActor(services, me, community.actor);
        else if (await isBanned(services.db, community.actor.id, me.id)) return message(c, 403, "error.actionTitle", "communities.banned");
        // A private community's Group approves followers by hand: the request waits for a moderator.
        else await followActor(services, me, community.actor);
      } catch (error) {
        return refused(c, error);
      }
      // A private community's page already says that the request waits for a moderator.
      if (join && community.settings.visibility === "private") return c.redirect(communityPath(community), 303);
      return c.redirect(`${communityPath(community)}?done=${join ? "joined" : "left"}`, 303);
    });
  }

  app.post("/c/:handle/threads", requireSignIn, csrfProtection, async (c) => {
    const community = await communityOf(c);
    if (!community) return notFound(c);
    const body = await c.req.parseBody();
    try {
      const details = await createNote(c.get("services"), signedInUser(c).actor, {
        title: field(body, "title"),
        content: field(body, "content").replace(/\r\n?/g, "\n"),
        language: c.get("lang"),
        communities: [community.actor.username],
      });
      return c.redirect(threadPath(community, details.note), 303);
    } catch (error) {
      return refused(c, error);
    }
  });

  app.get("/c/:handle/t/:noteId", async (c) => {
    const community = await communityOf(c);
    if (!community) return notFound(c);
    const { db } = c.get("services");
    const user = c.get("user");
    const viewer = await viewerOf(db, community, user);
    const reads = readsThreads(community, viewer);
    // Before looking the thread up: the answer is the same whether it exists or not.
    if (!reads) return membersOnly(c);
    const found = await findThread(db, community.actor.id, c.req.param("noteId"));
    if (!found) return notFound(c);
    if (found.note.deleted_at != null) return message(c, 410, "notes.goneTitle", "notes.goneBody");
    if (!(await mayRead(db, community, found.note, user?.actor.id ?? null, reads))) return notFound(c);
    // A thread started elsewhere may lack replies that were never delivered here: ask its sources first.
    const thread = { ...found, note: await refreshThread(c.get("services"), found.note) };
    if (thread.note.visibility !== "public" && thread.note.visibility !== "unlisted") c.header("Cache-Control", "private");
    const root = await buildThread(db, community, thread.note, user?.actor.id ?? null, reads);
    const noindex = !isListed(thread.note.visibility) || community.settings.visibility !== "public" || !(await searchEnginesMayIndex(db, root.authors));
    const v = viewContext(c);
    const { participation, editable } = await discussionFacts(db, root, user?.actor.id ?? null);
    const status = user ? replyStatusKey(c.req.query("reply")) : null;
    return c.html(
      threadPage(v, { community, root, pinned: thread.pinned, locked: thread.locked, access: replyAccess(viewer, thread.locked), participation, editable, status: status && v.t(status), noindex }),
    );
  });

  app.post("/c/:handle/t/:noteId/reply", requireSignIn, csrfProtection, async (c) => {
    const community = await communityOf(c);
    if (!community) return notFound(c);
    const services = c.get("services");
    const me = signedInUser(c).actor;
    const viewer = await viewerOf(services.db, community, c.get("user"));
    if (!readsThreads(community, viewer)) return membersOnly(c);
    const thread = await findThread(services.db, community.actor.id, c.req.param("noteId"));
    if (!thread || !(await mayRead(services.db, community, thread.note, me.id, true))) return notFound(c);
    const access = replyAccess(viewer, thread.locked);
    if (access === "locked") return message(c, 403, "communities.locked", "communities.lockedNotice");
    if (access !== "allowed") return membersOnly(c);
    const body = await c.req.parseBody();
    // Only a post of this thread, as the viewer sees it, can be answered here.
    const parentUri = field(body, "parent") || thread.note.uri;
    if (parentUri !== thread.note.uri) {
      const parent = (await descendants(services.db, thread.note)).find((n) => n.uri === parentUri);
      if (!parent || !(await mayRead(services.db, community, parent, me.id, true))) return notFound(c);
      const removed = await removedIn(services.db, community.actor.id, [parent.id]);
      if (removed.size > 0) return notFound(c);
    }
    try {
      const details = await createNote(services, me, {
        inReplyTo: parentUri,
        content: field(body, "content").replace(/\r\n?/g, "\n"),
        language: c.get("lang"),
        communities: [community.actor.username],
      });
      return c.redirect(`${threadPath(community, thread.note)}#post-${details.note.id}`, 303);
    } catch (error) {
      return refused(c, error);
    }
  });

  return app;
}
