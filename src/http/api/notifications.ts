// Notifications in the JSON API (docs/API.md, "Notifications"): the signed-in
// person's, newest first; marking them read.
import { Hono } from "hono";
import { findActorById } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { listNotifications, markNotificationsRead, type NotificationRow } from "../../domain/notifications.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";

export function notificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notifications", async (c) => {
    const { db } = c.get("services");
    const limit = Number(c.req.query("limit") ?? 40);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit must be a whole number from 1 to 200");
    const page = await listNotifications(db, currentUser(c).actor.id, { before: c.req.query("before") ?? null, limit, unreadOnly: c.req.query("unread") === "true" });
    const items = [];
    for (const n of page.items) items.push(await notificationJson(db, n));
    return c.json({ items, unread: page.unread, nextCursor: page.nextCursor });
  });

  app.post("/notifications/read", async (c) => {
    const body = await jsonBody(c);
    const ids = body.ids;
    if (ids !== undefined && (!Array.isArray(ids) || ids.length > 500 || ids.some((id) => typeof id !== "string"))) {
      throw new DomainError("invalid", "ids must be a list of notification ids (or absent: all)");
    }
    const marked = await markNotificationsRead(c.get("services").db, currentUser(c).actor.id, (ids as string[] | undefined) ?? null);
    return c.json({ marked });
  });

  return app;
}

async function notificationJson(db: Parameters<typeof findActorById>[0], n: NotificationRow) {
  const actor = n.actor_id ? await findActorById(db, n.actor_id) : undefined;
  return { id: n.id, kind: n.kind, subject: n.subject_uri, actor: actor ? actorJson(actor) : null, createdAt: n.created_at, read: n.read_at != null };
}
