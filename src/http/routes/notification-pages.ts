// The signed-in member's notifications page and its "mark all as read" form
// (no JavaScript needed). The JSON API has the same under /api/v1.
import { Hono } from "hono";
import { listNotifications, markNotificationsRead } from "../../domain/notifications.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { loadNotificationItems } from "../notification-items.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { viewContext } from "../views/layout.ts";
import { notificationsPage } from "../views/notifications.ts";

export const NOTIFICATIONS_PER_PAGE = 40;

export function notificationPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notifications", requireSignIn, async (c) => {
    const { db } = c.get("services");
    const reader = signedInUser(c).actor;
    // A cursor is a notification id; anything else starts from the newest.
    const before = c.req.query("before");
    const page = await listNotifications(db, reader.id, { before: before && /^[0-9a-z]{26}$/.test(before) ? before : null, limit: NOTIFICATIONS_PER_PAGE });
    const items = await loadNotificationItems(db, reader, page.items);
    return c.html(
      notificationsPage(viewContext(c), {
        items,
        unread: page.unread,
        nextHref: page.nextCursor ? `/notifications?before=${encodeURIComponent(page.nextCursor)}` : null,
        markedRead: c.req.query("read") === "1",
      }),
    );
  });

  app.post("/notifications/read", requireSignIn, csrfProtection, async (c) => {
    await markNotificationsRead(c.get("services").db, signedInUser(c).actor.id, null);
    return c.redirect("/notifications?read=1", 303);
  });

  return app;
}
