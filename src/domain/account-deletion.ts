// Deleting a local account (issue 15: the right to erasure). What goes, what
// stays and why is written for members in docs/PRIVACY.md ("Deleting your account").
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";
import { ensureAnonymousActor, type ActorRow } from "./actors.ts";
import { knownInboxRecipients } from "./known-inboxes.ts";
import { licenseByUri } from "./licenses.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { deleteStoredFiles, purgeNoteContent } from "./note-purge.ts";
import type { Services } from "../services.ts";

export interface AccountDeletionOptions {
  /**
   * Keep the notes whose licence lets others go on publishing them (any
   * Creative Commons licence, CC0) under the instance's "Anonyme" person;
   * "all rights reserved" notes are deleted whatever this says.
   */
  readonly keepLicensedNotes?: boolean;
  /** An administrator deleting someone else's account (null: the operator, from the command line): logged in the moderation log. */
  readonly byAdmin?: { readonly actorId: string | null; readonly reason: string | null };
}

export interface AccountDeletionSummary {
  readonly deletedNotes: number;
  readonly anonymizedNotes: number;
  /** Remote actors the Delete is addressed to (one per known inbox). */
  readonly recipients: number;
}

/** Whether a note's licence lets it stay published once its author is gone. */
export function licenceAllowsKeeping(license: string | null): boolean {
  return license != null && licenseByUri(license)?.allowsSharing === true;
}

/**
 * Deletes a local account: sign-in, sessions, tokens, follows, likes and
 * shares, memberships, revisions they made, uploads and exports go; the notes
 * they wrote first are tombstoned with their content purged (each `Delete`d on
 * the network), or kept under "Anonyme" when asked and their licence allows.
 * The actor row stays (served as 410) with its handle reserved and its keys,
 * so the Delete, sent to every server this instance knows, is still signed.
 */
export async function deleteLocalAccount(services: Services, actor: ActorRow, options: AccountDeletionOptions = {}): Promise<AccountDeletionSummary> {
  if (actor.is_local !== 1 || actor.deleted_at != null) return { deletedNotes: 0, anonymizedNotes: 0, recipients: 0 };
  const recipientIds = await knownInboxRecipients(services.db, actor.id);
  const written = await services.db
    .selectFrom("notes")
    .innerJoin("note_authors", "note_authors.note_id", "notes.id")
    .select(["notes.id", "notes.license"])
    .where("note_authors.actor_id", "=", actor.id)
    .where("note_authors.position", "=", 0)
    .where("notes.is_local", "=", 1)
    .where("notes.deleted_at", "is", null)
    .execute();
  const kept = options.keepLicensedNotes ? written.filter((n) => licenceAllowsKeeping(n.license)).map((n) => n.id) : [];
  const deleted = written.map((n) => n.id).filter((id) => !kept.includes(id));
  const madeReports = await services.db.selectFrom("reports").select("id").where("reporter_id", "=", actor.id).where("remote_activity_uri", "is", null).limit(1).execute();
  const anonymous = kept.length > 0 || madeReports.length > 0 ? await ensureAnonymousActor(services.db, services.config.publicUrl) : null;

  const files = await services.db.transaction().execute(async (tx) => {
    const now = isoNow();
    await forgetPerson(tx, actor.id);
    await tx
      .updateTable("actors")
      .set({ deleted_at: now, updated_at: now, name: null, summary: null, icon_url: null, profile_fields: "{}", region: null, latitude: null, longitude: null })
      .where("id", "=", actor.id)
      .execute();
    // Their interest tags go with the rest of the profile (docs/DISCOVERY.md).
    await tx.deleteFrom("actor_interests").where("actor_id", "=", actor.id).execute();
    for (let start = 0; start < deleted.length; start += 500) {
      await tx.updateTable("notes").set({ deleted_at: now }).where("id", "in", deleted.slice(start, start + 500)).execute();
    }
    // One Delete per note, before the actor's: communities and the people a note was addressed to drop it too.
    for (const noteId of deleted) await services.outbox.send({ type: "note-deleted", noteId }, tx);
    const files = await purgeNoteContent(tx, deleted);
    if (anonymous) {
      // Reports they made are moderation records: they stay (category, comment, target, what moderators decided),
      // without who made them (docs/PRIVACY.md, "What is kept, and why").
      await tx.updateTable("reports").set({ reporter_id: anonymous.id }).where("reporter_id", "=", actor.id).where("remote_activity_uri", "is", null).execute();
      for (let start = 0; start < kept.length; start += 500) {
        await tx
          .updateTable("note_authors")
          .set({ actor_id: anonymous.id })
          .where("actor_id", "=", actor.id)
          .where("note_id", "in", kept.slice(start, start + 500))
          .execute();
      }
    }
    files.push(...(await forgetUploads(tx, actor.id)));
    await services.outbox.send({ type: "actor-deleted", actorId: actor.id, recipientIds }, tx);
    return files;
  });
  await deleteStoredFiles(services.config.dataDir, files);
  if (options.byAdmin) {
    await recordModerationAction(services.db, {
      moderatorId: options.byAdmin.actorId,
      action: "account-deleted",
      targetType: "actor",
      targetUri: actor.uri,
      reason: options.byAdmin.reason,
      details: { handle: actor.username, deletedNotes: deleted.length, anonymizedNotes: kept.length },
    });
  }
  return { deletedNotes: deleted.length, anonymizedNotes: kept.length, recipients: recipientIds.length };
}

/** Everything that ties the person to others or lets them act: it all goes. */
async function forgetPerson(tx: Transaction<Database>, actorId: string): Promise<void> {
  await tx.deleteFrom("sessions").where("user_id", "=", actorId).execute();
  await tx.deleteFrom("api_tokens").where("user_id", "=", actorId).execute();
  await tx.deleteFrom("users").where("actor_id", "=", actorId).execute();
  await tx.deleteFrom("follows").where((eb) => eb.or([eb("follower_id", "=", actorId), eb("following_id", "=", actorId)])).execute();
  // Likes and shares go without Undo: the actor's Delete makes other servers drop them (as Mastodon does).
  await tx.deleteFrom("reactions").where("actor_id", "=", actorId).execute();
  // Their notifications, and what others were told of their acts (their name would stay in those lists).
  await tx.deleteFrom("notifications").where((eb) => eb.or([eb("recipient_id", "=", actorId), eb("actor_id", "=", actorId)])).execute();
  await tx.deleteFrom("coauthor_invitations").where((eb) => eb.or([eb("actor_id", "=", actorId), eb("invited_by", "=", actorId)])).execute();
  await tx.deleteFrom("organization_members").where("member_id", "=", actorId).execute();
  await tx.deleteFrom("community_moderators").where("actor_id", "=", actorId).execute();
  // Notebooks they curated alone go with them (their notes, by others, stay where they are).
  const alone = await tx
    .selectFrom("notebook_curators")
    .select("notebook_id")
    .where("notebook_id", "in", tx.selectFrom("notebook_curators").select("notebook_id").where("actor_id", "=", actorId))
    .groupBy("notebook_id")
    .having((eb) => eb.fn.countAll(), "=", 1)
    .execute();
  if (alone.length > 0) {
    await tx
      .updateTable("notebooks")
      .set({ deleted_at: isoNow(), title: "", summary: null, cover_url: null })
      .where("id", "in", alone.map((n) => n.notebook_id))
      .where("deleted_at", "is", null)
      .execute();
  }
  await tx.deleteFrom("notebook_curators").where("actor_id", "=", actorId).execute();
  // Revisions they made of notes that stay (co-written or kept): who edited and what they wrote then.
  await tx.deleteFrom("note_revisions").where("editor_id", "=", actorId).execute();
  await tx.updateTable("notes").set({ brought_in_by: null }).where("brought_in_by", "=", actorId).execute();
  await tx.updateTable("notebook_items").set({ added_by: null }).where("added_by", "=", actorId).execute();
}

/** Files they uploaded but never attached, and their data exports; attachments of kept notes stay, unnamed. */
async function forgetUploads(tx: Transaction<Database>, actorId: string): Promise<string[]> {
  const files: string[] = [];
  const loose = await tx.selectFrom("media").select(["id", "storage_path"]).where("uploader_id", "=", actorId).where("note_id", "is", null).execute();
  for (const row of loose) if (row.storage_path) files.push(row.storage_path);
  await tx.deleteFrom("media").where("uploader_id", "=", actorId).where("note_id", "is", null).execute();
  await tx.updateTable("media").set({ uploader_id: null }).where("uploader_id", "=", actorId).execute();
  const exports = await tx.selectFrom("data_exports").select("storage_path").where("actor_id", "=", actorId).execute();
  for (const row of exports) if (row.storage_path) files.push(row.storage_path);
  await tx.deleteFrom("data_exports").where("actor_id", "=", actorId).execute();
  return files;
}
