// The notifications page: newest first, by day; the likes, shares, follows
// and join requests of one thing shown together ("A, B and 3 others liked
// your note"); each entry links to what it is about; unread ones are marked
// (in words, for screen readers too); one form marks everything read.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow } from "../../domain/notes.ts";
import type { NotificationKind } from "../../domain/notifications.ts";
import type { MessageKey } from "../i18n/messages.ts";
import type { NotificationItem } from "../notification-items.ts";
import { actorLink, fillFragments, formatDate, joinHtml, timeTag } from "./note.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";

/** Kinds where several people doing the same to the same thing make one entry. */
const GROUPED: ReadonlySet<NotificationKind> = new Set(["follow", "follow-request", "join-request", "like", "share"]);
/** Names shown in a grouped entry before "and N others". */
const NAMES_SHOWN = 3;

export interface NotificationGroup {
  readonly kind: NotificationKind;
  /** Newest first; the first is the group's date and place. */
  readonly items: readonly NotificationItem[];
  readonly unread: boolean;
}

/** Groups a page of notifications (newest first), each group where its newest member was. */
export function groupNotifications(items: readonly NotificationItem[]): NotificationGroup[] {
  const groups: { kind: NotificationKind; items: NotificationItem[] }[] = [];
  const byKey = new Map<string, { kind: NotificationKind; items: NotificationItem[] }>();
  for (const item of items) {
    // Follows of the reader group together whoever the followers are; the rest by what they are about.
    const key = GROUPED.has(item.kind) ? `${item.kind}|${item.kind === "follow" || item.kind === "follow-request" ? "" : item.row.subject_uri}|${item.row.context_uri ?? ""}` : item.row.id;
    let group = byKey.get(key);
    if (!group) {
      group = { kind: item.kind, items: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups.map((g) => ({ ...g, unread: g.items.some((i) => i.row.read_at == null) }));
}

function actorsFragment(v: ViewContext, group: NotificationGroup): Html {
  const actors: ActorRow[] = [];
  let unnamed = 0;
  for (const item of group.items) {
    if (item.actor == null) unnamed++;
    else if (!actors.some((a) => a.id === item.actor!.id)) actors.push(item.actor);
  }
  if (actors.length === 0) return html`${v.t("notifications.someone")}`;
  const shown = actors.slice(0, NAMES_SHOWN).map((a) => actorLink(a));
  const others = actors.length - shown.length + unnamed;
  return joinHtml(v, others > 0 ? [...shown, html`${v.t("notifications.others", { count: others })}`] : shown);
}

/** What names a note in a sentence: its title, or (a reply has none) the start of its text, never nothing (a link must say where it goes). */
export function noteLabel(v: ViewContext, note: Pick<NoteRow, "title" | "summary">): string {
  const title = note.title.trim();
  if (title) return title;
  const summary = note.summary?.trim();
  const excerpt = summary && summary.length > 80 ? `${summary.slice(0, 79)}…` : summary;
  if (excerpt) return v.lang === "fr" ? `« ${excerpt} »` : `“${excerpt}”`;
  return v.t("notifications.untitled");
}

function noteFragment(v: ViewContext, item: NotificationItem): Html {
  if (!item.note) return html`${v.t("notifications.aNote")}`;
  return item.href ? html`<a href="${item.href}">${noteLabel(v, item.note)}</a>` : html`<cite>${noteLabel(v, item.note)}</cite>`;
}

function communityFragment(v: ViewContext, item: NotificationItem): Html {
  const community = item.community;
  if (!community) return html`${v.t("notifications.aCommunity")}`;
  return community.is_local === 1 ? html`<a href="/c/${encodeURIComponent(community.username)}">${displayName(community)}</a>` : html`${displayName(community)}`;
}

function messageKey(group: NotificationGroup, first: NotificationItem): MessageKey {
  const many = group.items.length > 1 ? "many" : "one";
  switch (group.kind) {
    case "follow":
    case "follow-request":
    case "join-request":
    case "like":
    case "share":
      return `notifications.${group.kind}.${many}`;
    case "coauthor-invitation":
      return first.row.context_uri ? "notifications.coauthor-invitation-community" : "notifications.coauthor-invitation";
    case "report":
      return first.row.context_uri ? "notifications.report-community" : "notifications.report";
    default:
      return `notifications.${group.kind}`;
  }
}

function entry(v: ViewContext, group: NotificationGroup): Html {
  const first = group.items[0]!;
  // The sentence's placeholders are filled with markup below, not by the translator.
  const template = (v.t as (key: MessageKey) => string)(messageKey(group, first));
  const sentence = fillFragments(template, {
    actors: actorsFragment(v, group),
    note: noteFragment(v, first),
    community: communityFragment(v, first),
  });
  // Entries whose sentence links nowhere (a follow request, a report) get an explicit link to act on them.
  const linksInSentence = first.note != null || group.kind === "follow";
  return html`<li class="notification${group.unread ? " unread" : ""}" data-kind="${group.kind}">
${group.unread ? html`<span class="notification-state">${v.t("notifications.unread")}</span>` : ""}
<p>${sentence}${!linksInSentence && first.href ? html` <a href="${first.href}">${v.t("notifications.open")}</a>` : ""}</p>
<p class="muted">${timeTag(v, first.row.created_at, true)}</p>
</li>`;
}

export interface NotificationsPageData {
  readonly items: readonly NotificationItem[];
  readonly unread: number;
  readonly nextHref: string | null;
  /** "Mark all as read" just ran. */
  readonly markedRead: boolean;
}

function unreadSummary(v: ViewContext, unread: number): string {
  if (unread === 0) return v.t("notifications.unreadNone");
  return unread === 1 ? v.t("notifications.unreadOne") : v.t("notifications.unreadMany", { count: unread });
}

export function notificationsPage(v: ViewContext, data: NotificationsPageData): Html {
  const groups = groupNotifications(data.items);
  // By day, in the reader's language and Québec's time zone (as every date of the site).
  const days: { day: string; groups: NotificationGroup[] }[] = [];
  for (const group of groups) {
    const day = formatDate(v, group.items[0]!.row.created_at);
    if (days.at(-1)?.day !== day) days.push({ day, groups: [] });
    days.at(-1)!.groups.push(group);
  }
  return layout(
    v,
    { title: v.t("notifications.title"), noindex: true },
    html`<h1>${v.t("notifications.title")}</h1>
${data.markedRead ? html`<p class="notice" role="status">${v.t("notifications.markedRead")}</p>` : ""}
<div class="notifications-summary">
<p>${unreadSummary(v, data.unread)}</p>
${data.unread > 0
  ? html`<form method="post" action="/notifications/read">${csrfInput(v)}<button type="submit" class="secondary">${v.t("notifications.markAllRead")}</button></form>`
  : ""}
</div>
${days.length === 0
  ? html`<p class="muted">${v.t("notifications.empty")}</p>`
  : days.map((d) => html`<section class="notifications-day"><h2>${d.day}</h2><ol class="notifications">${d.groups.map((g) => entry(v, g))}</ol></section>`)}
${data.nextHref ? html`<p class="pager"><a href="${data.nextHref}" rel="next">${v.t("notifications.older")}</a></p>` : ""}`,
  );
}
