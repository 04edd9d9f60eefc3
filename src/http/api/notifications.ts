// Notifications in the JSON API (docs/API.md, "Notifications"): the signed-in
// person's, newest first, keyset-paged, optionally of some kinds only; marking
// them read (some, or all).
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { isNotificationKind, listNotifications, markNotificationsRead, MAX_NOTIFICATIONS_PAGE, NOTIFICATION_KINDS, type NotificationKind } from "../../domain/notifications.ts";
import type { AppEnv } from "../env.ts";
import { loadNotificationItems, type NotificationItem } from "../notification-items.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";

function kindsOf(value: string | undefined): NotificationKind[] | undefined {
  if (value == null || value === "") return undefined;
  const kinds = value.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !isNotificationKind(k));
  if (unknown.length > 0) throw new DomainError("invalid", `Unknown notification kind ${unknown.join(", ")}: use ${NOTIFICATION_KINDS.join(", ")}`);
  return kinds as NotificationKind[];
}

export function notificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notifications", async (c) => {
    const { db, config } = c.get("services");
    const limit = Number(c.req.query("limit") ?? 40);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NOTIFICATIONS_PAGE) throw new DomainError("invalid", `limit must be a whole number from 1 to ${MAX_NOTIFICATIONS_PAGE}`);
    const reader = currentUser(c).actor;
    const page = await listNotifications(db, reader.id, { before: c.req.query("before") ?? null, limit, unreadOnly: c.req.query("unread") === "true", kinds: kindsOf(c.req.query("kind")) });
    const items = await loadNotificationItems(db, reader, page.items);
    return c.json({ items: items.map((item) => notificationJson(item, config.publicUrl)), unread: page.unread, nextCursor: page.nextCursor });
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

function notificationJson(item: NotificationItem, origin: URL) {
  const { row, note, community } = item;
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject_uri,
    actor: item.actor ? actorJson(item.actor) : null,
    note: note ? { id: note.id, uri: note.uri, title: note.title } : null,
    community: community ? actorJson(community) : null,
    /** The page where it is read or acted on (ours, or another server's profile). */
    url: item.href ? new URL(item.href, origin).href : null,
    createdAt: row.created_at,
    read: row.read_at != null,
  };
}
