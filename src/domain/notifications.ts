// Notifications for the people of this instance: something happened that
// concerns them. Kept generic (a kind, the URI of what it is about, who did
// it, where it happened) so that every kind shares one table, one API and one
// page. They are written in the transaction that makes the change they tell
// of (notification-events.ts says where each kind comes from), so a change
// rolled back never leaves a notification behind.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { NotificationsTable } from "../db/labels-schema.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";
import { hiddenFor, isHiddenActor } from "./member-blocks.ts";

type Db = Kysely<Database>;

/** Every kind, in the order the API documents them. */
export const NOTIFICATION_KINDS = [
  "follow",
  "follow-request",
  "join-request",
  "reply",
  "mention",
  "like",
  "share",
  "coauthor-invitation",
  "cross-post",
  "report",
  "note-labelled",
  "label-answered",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
}

export interface NewNotification {
  readonly recipientId: string;
  readonly kind: NotificationKind;
  /** What it is about: a note, a person (a follower), a community (a join request), a reported thing. */
  readonly subjectUri: string;
  readonly actorId?: string | null;
  /** Where it happened: the community of a cross-post or a report. */
  readonly contextUri?: string | null;
}

export type NotificationRow = NotificationsTable;

/**
 * Notifies a local person. Skipped: remote people, the actor themselves
 * (nobody is told of their own act), and an actor the recipient mutes or
 * blocks (or whose instance they do): they asked not to hear from them.
 */
export async function notify(db: Db, notification: NewNotification): Promise<void> {
  if (notification.actorId != null && notification.actorId === notification.recipientId) return;
  const recipient = await db.selectFrom("actors").select(["is_local", "type", "deleted_at"]).where("id", "=", notification.recipientId).executeTakeFirst();
  if (!recipient || recipient.is_local !== 1 || recipient.type !== "Person" || recipient.deleted_at != null) return;
  if (notification.actorId != null) {
    const actor = await db.selectFrom("actors").select(["id", "domain"]).where("id", "=", notification.actorId).executeTakeFirst();
    if (actor && isHiddenActor(await hiddenFor(db, notification.recipientId), actor)) return;
  }
  await db
    .insertInto("notifications")
    .values({
      id: newId(),
      recipient_id: notification.recipientId,
      kind: notification.kind,
      subject_uri: notification.subjectUri,
      actor_id: notification.actorId ?? null,
      context_uri: notification.contextUri ?? null,
      created_at: isoNow(),
      read_at: null,
    })
    .execute();
}

/** Notifies several people of the same thing (each once). */
export async function notifyAll(db: Db, recipientIds: Iterable<string>, notification: Omit<NewNotification, "recipientId">): Promise<void> {
  for (const recipientId of new Set(recipientIds)) await notify(db, { ...notification, recipientId });
}

export interface NotificationPage {
  items: NotificationRow[];
  unread: number;
  nextCursor: string | null;
}

export const MAX_NOTIFICATIONS_PAGE = 200;

/** Newest first, keyset-paged by id (ids sort by creation). */
export async function listNotifications(db: Db, recipientId: string, options: { before?: string | null; limit?: number; unreadOnly?: boolean; kinds?: readonly NotificationKind[] } = {}): Promise<NotificationPage> {
  const limit = Math.min(Math.max(options.limit ?? 40, 1), MAX_NOTIFICATIONS_PAGE);
  let query = db.selectFrom("notifications").selectAll().where("recipient_id", "=", recipientId).orderBy("id", "desc").limit(limit + 1);
  if (options.before) query = query.where("id", "<", options.before);
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  if (options.kinds && options.kinds.length > 0) query = query.where("kind", "in", [...options.kinds]);
  const rows = await query.execute();
  const items = rows.slice(0, limit);
  return { items, unread: await countUnread(db, recipientId), nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** What the header shows on every page a member reads. */
export async function countUnread(db: Db, recipientId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("recipient_id", "=", recipientId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the given notifications (or all, with null) read; returns how many changed. */
export async function markNotificationsRead(db: Db, recipientId: string, ids: readonly string[] | null): Promise<number> {
  if (ids != null && ids.length === 0) return 0;
  let query = db.updateTable("notifications").set({ read_at: isoNow() }).where("recipient_id", "=", recipientId).where("read_at", "is", null);
  if (ids != null) query = query.where("id", "in", [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
