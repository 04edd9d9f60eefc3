// Notifications for the people of this instance: something happened that
// concerns them (a label on their note, an answer to a label they set…). Kept
// generic (a kind, the URI of what it is about, who did it) so that follows,
// replies and reports can use the same table and API; the web page comes later.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { NotificationsTable } from "../db/labels-schema.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";

type Db = Kysely<Database>;

export interface NewNotification {
  readonly recipientId: string;
  /** A verb such as `note-labelled`, `label-answered`. */
  readonly kind: string;
  readonly subjectUri: string;
  readonly actorId?: string | null;
}

export type NotificationRow = NotificationsTable;

/** Notifies a local person; remote people and the actor themselves are skipped (nobody is told of their own act). */
export async function notify(db: Db, notification: NewNotification): Promise<void> {
  if (notification.actorId != null && notification.actorId === notification.recipientId) return;
  const recipient = await db.selectFrom("actors").select(["is_local", "type"]).where("id", "=", notification.recipientId).executeTakeFirst();
  if (!recipient || recipient.is_local !== 1 || recipient.type !== "Person") return;
  await db
    .insertInto("notifications")
    .values({
      id: newId(),
      recipient_id: notification.recipientId,
      kind: notification.kind,
      subject_uri: notification.subjectUri,
      actor_id: notification.actorId ?? null,
      created_at: isoNow(),
      read_at: null,
    })
    .execute();
}

export interface NotificationPage {
  items: NotificationRow[];
  unread: number;
  nextCursor: string | null;
}

/** Newest first, keyset-paged by id. */
export async function listNotifications(db: Db, recipientId: string, options: { before?: string | null; limit?: number; unreadOnly?: boolean } = {}): Promise<NotificationPage> {
  const limit = Math.min(Math.max(options.limit ?? 40, 1), 200);
  let query = db.selectFrom("notifications").selectAll().where("recipient_id", "=", recipientId).orderBy("id", "desc").limit(limit + 1);
  if (options.before) query = query.where("id", "<", options.before);
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  const rows = await query.execute();
  const unread = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("recipient_id", "=", recipientId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  const items = rows.slice(0, limit);
  return { items, unread: Number(unread.n), nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** Marks the given notifications (or all, with null) read; returns how many changed. */
export async function markNotificationsRead(db: Db, recipientId: string, ids: readonly string[] | null): Promise<number> {
  if (ids != null && ids.length === 0) return 0;
  let query = db.updateTable("notifications").set({ read_at: isoNow() }).where("recipient_id", "=", recipientId).where("read_at", "is", null);
  if (ids != null) query = query.where("id", "in", [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
