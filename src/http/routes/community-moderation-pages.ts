// A community's moderation in the pages (docs/API.md, "Moderation", for the
// same actions in the API): join requests, reports, remove / restore, lock,
// pin, bans and moderators. Moderators only (403 page otherwise); every action
// is a form POST with the CSRF token that goes back to the page with a saved
// notice. The domain functions do the work and queue the federation (Lock,
// Block, Add / Remove, Delete announced by the Group); nothing is built here.
import { Hono, type Context } from "hono";
import { findActorById, type ActorRow } from "../../domain/actors.ts";
import { findLocalCommunity, isModerator, moderators, type Community } from "../../domain/communities.ts";
import {
  addModerator,
  banMember,
  moderationQueue,
  removeModerator,
  removePost,
  restorePost,
  setPinned,
  setThreadLocked,
  unbanMember,
} from "../../domain/community-moderation.ts";
import { findThread, listThreads } from "../../domain/community-threads.ts";
import { DomainError, HTTP_STATUS, type ProblemCode } from "../../domain/errors.ts";
import { answerFollowRequest } from "../../domain/following.ts";
import { listReports } from "../../domain/reports.ts";
import { descendants } from "../../domain/threads.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import {
  EMPTY_MODERATION_FORMS,
  communityModerationPage,
  moderationPath,
  threadModerationPage,
  type ModerationForms,
  type ThreadModerationPost,
} from "../views/community-moderation.ts";
import { confirmPage } from "../views/confirm.ts";
import { viewContext, type ViewContext } from "../views/layout.ts";
import { renderMessagePage, type PlainKey } from "../views/message.ts";

const THREADS_SHOWN = 30;
const REPORTS_SHOWN = 50;

/** The saved notice after each action (`?done=`): only these keys are read from the address. */
const DONE: Record<string, PlainKey> = {
  accepted: "moderation.done.accepted",
  rejected: "moderation.done.rejected",
  removed: "moderation.done.removed",
  restored: "moderation.done.restored",
  locked: "moderation.done.locked",
  unlocked: "moderation.done.unlocked",
  pinned: "moderation.done.pinned",
  unpinned: "moderation.done.unpinned",
  banned: "moderation.done.banned",
  unbanned: "moderation.done.unbanned",
  "moderator-added": "moderation.done.moderatorAdded",
  "moderator-removed": "moderation.done.moderatorRemoved",
  resolved: "moderation.done.resolved",
  unchanged: "moderation.done.unchanged",
};

type Action = "ban" | "unban" | "moderator-add" | "moderator-remove" | "post";

/** Why the domain refused, in the page's language (its own messages are English, for the API). */
const PROBLEMS: Record<Action, Partial<Record<ProblemCode, PlainKey>>> = {
  ban: { not_found: "moderation.problem.nobody", conflict: "moderation.problem.banModerator", invalid: "moderation.problem.banInvalid" },
  unban: { not_found: "moderation.problem.notBanned" },
  "moderator-add": { not_found: "moderation.problem.nobody", conflict: "moderation.problem.moderatorBanned", invalid: "moderation.problem.notPerson" },
  "moderator-remove": { not_found: "moderation.problem.notModerator", conflict: "moderation.problem.lastModerator" },
  post: { not_found: "moderation.problem.noPost", invalid: "moderation.problem.postInvalid" },
};

function problemText(v: ViewContext, action: Action, error: DomainError): string {
  return v.t(PROBLEMS[action][error.code] ?? "moderation.problem.generic");
}

async function communityOf(c: Context<AppEnv>): Promise<Community | null> {
  const { db, config } = c.get("services");
  return (await findLocalCommunity(db, config.publicUrl, c.req.param("handle") ?? "")) ?? null;
}

const notFound = (c: Context<AppEnv>) => c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
const moderatorsOnly = (c: Context<AppEnv>) => c.html(renderMessagePage(c, { title: "communities.forbiddenTitle", body: "communities.forbiddenBody" }), 403);

/**
 * The community this request moderates, when the signed-in person moderates
 * it; otherwise the 404 or 403 answer. The same check for every page and action.
 */
export async function moderatedCommunity(c: Context<AppEnv>): Promise<Community | Response> {
  const community = await communityOf(c);
  if (!community) return notFound(c);
  if (!(await isModerator(c.get("services").db, community.actor.id, signedInUser(c).actor.id))) return moderatorsOnly(c);
  c.header("Cache-Control", "private");
  return community;
}

async function renderModeration(c: Context<AppEnv>, community: Community, status: { notice?: string | null; problem?: string | null; forms?: ModerationForms } = {}, code: 200 | 400 | 403 | 404 | 409 | 410 | 413 | 415 | 401 = 200) {
  const { db } = c.get("services");
  const user = signedInUser(c);
  const [queue, threads, mods, reports] = await Promise.all([
    moderationQueue(db, community.actor.id),
    listThreads(db, community.actor.id, null, THREADS_SHOWN),
    moderators(db, community.actor.id),
    listReports(db, user, { status: "open", limit: REPORTS_SHOWN, communityId: community.actor.id }),
  ]);
  const reportItems = await Promise.all(reports.map(async (report) => ({ report, reporter: await findActorById(db, report.reporter_id), community: undefined })));
  const v = viewContext(c);
  const done = c.req.query("done");
  return c.html(
    communityModerationPage(v, {
      community,
      requests: queue.requests,
      reports: reportItems,
      threads: threads.rows,
      removed: queue.removed,
      bans: queue.bans,
      moderators: mods,
      notice: status.notice ?? (done && DONE[done] ? v.t(DONE[done]) : null),
      problem: status.problem ?? null,
      forms: status.forms ?? EMPTY_MODERATION_FORMS,
    }),
    code,
  );
}

/**
 * Back to the page the form came from (the community's moderation page or one
 * of its thread views, nothing else), with the notice; `postId` is the post to
 * scroll back to in a thread view, `section` the part of the moderation page.
 */
function doneRedirect(c: Context<AppEnv>, community: Community, done: string, section: string, back = "", postId = ""): Response {
  const base = moderationPath(community);
  if (back.startsWith(`${base}/t/`) && !back.includes("?") && !back.includes("#")) return c.redirect(`${back}?done=${done}${postId ? `#post-${postId}` : ""}`, 303);
  return c.redirect(`${base}?done=${done}#${section}`, 303);
}

function refusedPage(c: Context<AppEnv>, community: Community, action: Action, error: unknown, forms: ModerationForms = EMPTY_MODERATION_FORMS) {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "forbidden") return moderatorsOnly(c);
  return renderModeration(c, community, { problem: problemText(viewContext(c), action, error), forms }, HTTP_STATUS[error.code]);
}

const POST_ACTIONS = {
  remove: { done: "removed", run: (s, me, community, id) => removePost(s, me, community, id) },
  restore: { done: "restored", run: (s, me, community, id) => restorePost(s, me, community, id) },
  lock: { done: "locked", run: (s, me, community, id, reason) => setThreadLocked(s, me, community, id, true, { reason }) },
  unlock: { done: "unlocked", run: (s, me, community, id) => setThreadLocked(s, me, community, id, false) },
  pin: { done: "pinned", run: (s, me, community, id) => setPinned(s, me, community, id, true) },
  unpin: { done: "unpinned", run: (s, me, community, id) => setPinned(s, me, community, id, false) },
} satisfies Record<string, { done: string; run: (services: AppEnv["Variables"]["services"], me: ActorRow, community: Community, noteId: string, reason: string | null) => Promise<{ changed: boolean }> }>;

export function communityModerationPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/c/:handle/moderation", requireSignIn, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    return renderModeration(c, community);
  });

  app.post("/c/:handle/moderation/requests/:id/:answer{accept|reject}", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const accept = c.req.param("answer") === "accept";
    try {
      await answerFollowRequest(c.get("services"), community.actor, c.req.param("id"), accept);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return renderModeration(c, community, { problem: viewContext(c).t("moderation.problem.noRequest") }, HTTP_STATUS[error.code]);
    }
    return doneRedirect(c, community, accept ? "accepted" : "rejected", "requests");
  });

  app.get("/c/:handle/moderation/t/:noteId", requireSignIn, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const { db } = c.get("services");
    const thread = await findThread(db, community.actor.id, c.req.param("noteId"));
    if (!thread || thread.note.deleted_at != null) return notFound(c);
    const replies = (await descendants(db, thread.note)).filter((n) => n.deleted_at == null);
    const posts: ThreadModerationPost[] = [];
    for (const note of replies) {
      const [post, authors] = await Promise.all([
        db.selectFrom("community_posts").select("removed_at").where("community_id", "=", community.actor.id).where("note_id", "=", note.id).executeTakeFirst(),
        db.selectFrom("note_authors").innerJoin("actors", "actors.id", "note_authors.actor_id").selectAll("actors").where("note_authors.note_id", "=", note.id).orderBy("note_authors.position").execute(),
      ]);
      // Only what this community carries is its moderators' to remove.
      if (post) posts.push({ note, authors, removed: post.removed_at != null });
    }
    const v = viewContext(c);
    const done = c.req.query("done");
    return c.html(threadModerationPage(v, { community, thread, posts, notice: done && DONE[done] ? v.t(DONE[done]) : null, problem: null }));
  });

  app.post("/c/:handle/moderation/posts/:noteId/:action{remove|restore|lock|unlock|pin|unpin}", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const name = c.req.param("action") as keyof typeof POST_ACTIONS;
    const noteId = c.req.param("noteId");
    const body = await c.req.parseBody();
    // A removed thread has no moderation view left to go back to.
    const from = field(body, "back");
    const back = name === "remove" && from.endsWith(`/t/${encodeURIComponent(noteId)}`) ? "" : from;
    const v = viewContext(c);
    // Removing is the destructive one: a second step, without JavaScript, says what it does.
    if (name === "remove" && field(body, "confirmed") !== "1") {
      return c.html(
        confirmPage(v, {
          title: v.t("moderation.removeConfirmTitle"),
          consequences: v.t("moderation.removeConfirmBody"),
          action: c.req.path,
          submit: v.t("moderation.removeConfirmSubmit"),
          cancel: back || `${moderationPath(community)}#threads`,
          fields: { confirmed: "1", ...(back ? { back } : {}) },
        }),
      );
    }
    const reason = field(body, "reason").trim() || null;
    let changed: boolean;
    try {
      ({ changed } = await POST_ACTIONS[name].run(c.get("services"), signedInUser(c).actor, community, noteId, reason));
    } catch (error) {
      return refusedPage(c, community, "post", error);
    }
    return doneRedirect(c, community, changed ? POST_ACTIONS[name].done : "unchanged", "threads", back, noteId);
  });

  app.post("/c/:handle/moderation/bans", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const body = await c.req.parseBody();
    const forms = { ...EMPTY_MODERATION_FORMS, banActor: field(body, "actor").trim().slice(0, 500), banReason: field(body, "reason").trim() };
    const v = viewContext(c);
    if (!forms.banActor) return renderModeration(c, community, { problem: v.t("moderation.problem.actorRequired"), forms }, 400);
    if (field(body, "confirmed") !== "1") {
      return c.html(
        confirmPage(v, {
          title: v.t("moderation.banConfirmTitle", { actor: forms.banActor }),
          consequences: v.t("moderation.banConfirmBody"),
          action: c.req.path,
          submit: v.t("moderation.banConfirmSubmit"),
          cancel: `${moderationPath(community)}#bans`,
          fields: { actor: forms.banActor, reason: forms.banReason, confirmed: "1" },
        }),
      );
    }
    try {
      await banMember(c.get("services"), signedInUser(c).actor, community, forms.banActor, forms.banReason || null);
    } catch (error) {
      return refusedPage(c, community, "ban", error, forms);
    }
    return doneRedirect(c, community, "banned", "bans");
  });

  app.post("/c/:handle/moderation/bans/lift", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    try {
      await unbanMember(c.get("services"), signedInUser(c).actor, community, field(await c.req.parseBody(), "actor"));
    } catch (error) {
      return refusedPage(c, community, "unban", error);
    }
    return doneRedirect(c, community, "unbanned", "bans");
  });

  app.post("/c/:handle/moderation/moderators", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const forms = { ...EMPTY_MODERATION_FORMS, moderatorActor: field(await c.req.parseBody(), "actor").trim().slice(0, 500) };
    if (!forms.moderatorActor) return renderModeration(c, community, { problem: viewContext(c).t("moderation.problem.actorRequired"), forms }, 400);
    let created: boolean;
    try {
      ({ created } = await addModerator(c.get("services"), signedInUser(c).actor, community, forms.moderatorActor));
    } catch (error) {
      return refusedPage(c, community, "moderator-add", error, forms);
    }
    return doneRedirect(c, community, created ? "moderator-added" : "unchanged", "moderators");
  });

  app.post("/c/:handle/moderation/moderators/remove", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const body = await c.req.parseBody();
    const actor = field(body, "actor");
    if (field(body, "confirmed") !== "1") {
      const v = viewContext(c);
      const self = actor === signedInUser(c).actor.uri;
      return c.html(
        confirmPage(v, {
          title: v.t(self ? "moderation.stepDownConfirmTitle" : "moderation.removeModeratorConfirmTitle"),
          consequences: v.t(self ? "moderation.stepDownConfirmBody" : "moderation.removeModeratorConfirmBody"),
          action: c.req.path,
          submit: v.t(self ? "moderation.stepDownConfirmSubmit" : "moderation.removeModeratorConfirmSubmit"),
          cancel: `${moderationPath(community)}#moderators`,
          fields: { actor, confirmed: "1" },
        }),
      );
    }
    const me = signedInUser(c).actor;
    try {
      await removeModerator(c.get("services"), me, community, actor);
    } catch (error) {
      return refusedPage(c, community, "moderator-remove", error);
    }
    // Someone who stepped down no longer reads the moderation page: back to the community.
    if (actor === me.uri) return c.redirect(`/c/${encodeURIComponent(community.actor.username)}`, 303);
    return doneRedirect(c, community, "moderator-removed", "moderators");
  });

  return app;
}
