// Everything this instance holds about one member (issue 15: the right to
// portability), read from the database for the archive. Notes are read one
// at a time by the archive writer, so a large account never sits in memory.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ActorRow } from "../actors.ts";
import { loadNoteDetails, type NoteDetails, type NoteRow, type RevisionRow } from "../notes.ts";

export interface FollowEntry {
  readonly actor: ActorRow;
  readonly status: string;
  readonly since: string;
}

export interface ReactionEntry {
  readonly kind: "like" | "share";
  readonly noteUri: string;
  readonly activityUri: string;
  readonly at: string;
}

export interface CommunityEntry {
  readonly community: ActorRow;
  readonly status: string;
  readonly moderator: boolean;
  readonly since: string;
}

export interface NotebookEntry {
  readonly id: string;
  readonly uri: string;
  readonly title: string;
  readonly summary: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sections: { id: string; title: string; position: number }[];
  readonly items: { sectionId: string | null; noteUri: string; position: number; addedAt: string }[];
}

export interface MemberData {
  readonly actor: ActorRow;
  readonly noteIds: string[];
  readonly followers: FollowEntry[];
  readonly following: FollowEntry[];
  readonly communities: CommunityEntry[];
  readonly reactions: ReactionEntry[];
  readonly notebooks: NotebookEntry[];
  readonly organizations: { organization: ActorRow; role: string; since: string }[];
}

/** The member's own notes (any authorship), oldest first; deleted ones are gone already. */
export async function memberNoteIds(db: Kysely<Database>, actorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("notes")
    .innerJoin("note_authors", "note_authors.note_id", "notes.id")
    .select("notes.id")
    .where("note_authors.actor_id", "=", actorId)
    .where("notes.deleted_at", "is", null)
    .orderBy("notes.published_at")
    .orderBy("notes.id")
    .execute();
  return rows.map((r) => r.id);
}

export async function collectMemberData(db: Kysely<Database>, actor: ActorRow): Promise<MemberData> {
  const follows = async (side: "follower_id" | "following_id", other: "follower_id" | "following_id") =>
    (
      await db
        .selectFrom("follows")
        .innerJoin("actors", "actors.id", `follows.${other}`)
        .selectAll("actors")
        .select(["follows.status as follow_status", "follows.created_at as follow_since"])
        .where(`follows.${side}`, "=", actor.id)
        .orderBy("follows.created_at")
        .execute()
    ).map(({ follow_status, follow_since, ...row }) => ({ actor: row as ActorRow, status: follow_status, since: follow_since }));
  const following = await follows("follower_id", "following_id");
  const moderated = new Set(
    (await db.selectFrom("community_moderators").select("community_id").where("actor_id", "=", actor.id).execute()).map((r) => r.community_id),
  );
  const reactions = await db
    .selectFrom("reactions")
    .innerJoin("notes", "notes.id", "reactions.note_id")
    .select(["reactions.kind", "notes.uri", "reactions.activity_uri", "reactions.created_at"])
    .where("reactions.actor_id", "=", actor.id)
    .orderBy("reactions.created_at")
    .execute();
  const notebookRows = await db
    .selectFrom("notebooks")
    .innerJoin("notebook_curators", "notebook_curators.notebook_id", "notebooks.id")
    .selectAll("notebooks")
    .where("notebook_curators.actor_id", "=", actor.id)
    .where("notebooks.deleted_at", "is", null)
    .orderBy("notebooks.created_at")
    .execute();
  const notebooks: NotebookEntry[] = [];
  for (const nb of notebookRows) {
    const sections = await db.selectFrom("notebook_sections").select(["id", "title", "position"]).where("notebook_id", "=", nb.id).orderBy("position").execute();
    const items = await db
      .selectFrom("notebook_items")
      .select(["section_id", "note_uri", "position", "added_at"])
      .where("notebook_id", "=", nb.id)
      .orderBy("position")
      .execute();
    notebooks.push({
      id: nb.id,
      uri: nb.uri,
      title: nb.title,
      summary: nb.summary,
      createdAt: nb.created_at,
      updatedAt: nb.updated_at,
      sections,
      items: items.map((i) => ({ sectionId: i.section_id, noteUri: i.note_uri, position: i.position, addedAt: i.added_at })),
    });
  }
  const organizations = (
    await db
      .selectFrom("organization_members")
      .innerJoin("actors", "actors.id", "organization_members.organization_id")
      .selectAll("actors")
      .select(["organization_members.role as member_role", "organization_members.created_at as member_since"])
      .where("organization_members.member_id", "=", actor.id)
      .execute()
  ).map(({ member_role, member_since, ...row }) => ({ organization: row as ActorRow, role: member_role, since: member_since }));
  return {
    actor,
    noteIds: await memberNoteIds(db, actor.id),
    followers: await follows("following_id", "follower_id"),
    // People and organizations followed; communities (Groups) are memberships, listed apart.
    following: following.filter((f) => f.actor.type !== "Group"),
    communities: following
      .filter((f) => f.actor.type === "Group")
      .map((f) => ({ community: f.actor, status: f.status, moderator: moderated.has(f.actor.id), since: f.since })),
    reactions: reactions.map((r) => ({ kind: r.kind, noteUri: r.uri, activityUri: r.activity_uri, at: r.created_at })),
    notebooks,
    organizations,
  };
}

export interface NoteWithHistory {
  readonly details: NoteDetails;
  /** Oldest first; redacted ones keep only their number and dates. */
  readonly revisions: RevisionRow[];
}

export async function loadNoteWithHistory(db: Kysely<Database>, noteId: string): Promise<NoteWithHistory | null> {
  const note: NoteRow | undefined = await db.selectFrom("notes").selectAll().where("id", "=", noteId).executeTakeFirst();
  if (!note || note.deleted_at != null) return null;
  const revisions = await db.selectFrom("note_revisions").selectAll().where("note_id", "=", noteId).orderBy("number").execute();
  return { details: await loadNoteDetails(db, note), revisions };
}
