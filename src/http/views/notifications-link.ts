// The header's link to the notifications page, with the unread count: shown
// as a badge, and said in words to screen readers ("3 unread notifications").
// Rendered asynchronously: the count is read only when a page shows it.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ViewContext } from "./layout.ts";

export async function notificationsLink(v: ViewContext): Promise<HtmlEscapedString> {
  const unread = v.unreadNotifications ? await v.unreadNotifications() : 0;
  const spoken = unread === 1 ? v.t("notifications.headerUnreadOne") : v.t("notifications.headerUnread", { count: unread });
  const current = v.here === "/notifications" || v.here.startsWith("/notifications?") ? html` aria-current="page"` : "";
  return html`<a class="notifications-link" href="/notifications"${current}>${v.t("notifications.title")}${
    unread > 0 ? html`<span class="badge" aria-hidden="true">${unread > 99 ? "99+" : unread}</span><span class="visually-hidden"> (${spoken})</span>` : ""
  }</a>`;
}
