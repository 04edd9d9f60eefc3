// Curator-driven sharing: a moderator brings a note (from here or elsewhere)
// into a community. The community announces the note itself: no copy, so its
// attribution, licence and discussion stay with the original. A note whose
// licence forbids re-publication is shared as a link card (the moderator's own
// short post pointing to it), with a warning.
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { isModerator, recordCommunityPost, type Community } from "./communities.ts";
import { DomainError } from "./errors.ts";
import { licenseByUri } from "./licenses.ts";
import { createNote } from "./note-writing.ts";
import { canSeeNote, noteAuthors, type NoteRow } from "./notes.ts";
import { isPubliclyReadable } from "./visibility.ts";
import { notifyCrossPost } from "./notification-events.ts";

export interface ShareResult {
  note: NoteRow;
  /** `announce`: the community announces the note; `link-card`: a short post linking to it. */
  mode: "announce" | "link-card";
  warning: string | null;
}

/**
 * Whether a note's licence lets a community re-publish it. Our notes say
 * "all rights reserved" with no licence URI (other En commun instances send
 * ALL_RIGHTS_RESERVED_URN); a note from elsewhere without one (a Mastodon
 * post, say) states nothing, and is boosted as the fediverse does.
 */
export function licenseAllowsSharing(note: NoteRow): boolean {
  if (note.license == null) return note.is_local === 0;
  return licenseByUri(note.license)?.allowsSharing ?? true;
}


export async function shareIntoCommunity(services: Services, moderator: ActorRow, community: Community, noteRef: string): Promise<ShareResult> {
  if (community.actor.is_local !== 1) throw new DomainError("invalid", "Notes are shared into communities of this instance");
  if (!(await isModerator(services.db, community.actor.id, moderator.id))) throw new DomainError("forbidden", "Only the community's moderators may share notes into it");
  const found = await services.lookup.resolve(noteRef);
  if (found?.kind !== "note") throw new DomainError("not_found", `No note found at ${noteRef}`);
  const { note } = found;
  // A note the moderator may not read is, for them, not there (they must not learn it exists).
  if (!(await canSeeNote(services.db, note, moderator.id))) throw new DomainError("not_found", `No note found at ${noteRef}`);
  if (note.deleted_at != null || !isPubliclyReadable(note.visibility)) throw new DomainError("invalid", "Only public notes can be shared into a community");

  if (!licenseAllowsSharing(note)) {
    const authors = (await noteAuthors(services.db, note.id)).map((a) => a.name ?? `@${a.username}@${a.domain}`).join(", ");
    const url = note.url ?? note.uri;
    const card = await createNote(services, moderator, {
      title: note.title,
      summary: `Lien vers une note de ${authors} (tous droits réservés).`,
      content: `[${note.title.replace(/[[\]]/g, "")}](${url}) — ${authors}\n\nCette note est sous « tous droits réservés » : elle est partagée par un lien seulement.`,
      links: [note.uri],
      communities: [community.actor.uri],
    });
    return { note: card.note, mode: "link-card", warning: "This note's licence (all rights reserved) does not allow re-publishing it: a link card was shared instead" };
  }

  await services.db.transaction().execute(async (tx) => {
    const created = await recordCommunityPost(tx, community.actor.id, note.id, note.in_reply_to_uri == null);
    if (!created) throw new DomainError("conflict", "This community already carries this note");
    // The community's other moderators hear of what one of them brought in.
    await notifyCrossPost(tx, community.actor, note, moderator.id);
    await services.outbox.send({ type: "community-share", communityId: community.actor.id, noteId: note.id }, tx);
  });
  return { note, mode: "announce", warning: null };
}

/** A private community names the public communities where it opens discussions on purpose. */
export async function linkCommunity(services: Services, moderator: ActorRow, community: Community, ref: string): Promise<ActorRow> {
  if (!(await isModerator(services.db, community.actor.id, moderator.id))) throw new DomainError("forbidden", "Only the community's moderators may link communities");
  const linked = await services.directory.resolve(ref);
  if (!linked || linked.type !== "Group") throw new DomainError("not_found", `No community found for ${ref}`);
  if (linked.id === community.actor.id) throw new DomainError("invalid", "A community cannot link itself");
  if (linked.manually_approves_followers === 1) throw new DomainError("invalid", "Linked communities are public ones, where discussions open on purpose");
  await services.db
    .insertInto("community_links")
    .values({ community_id: community.actor.id, linked_uri: linked.uri, created_at: isoNow() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return linked;
}

export async function unlinkCommunity(services: Services, moderator: ActorRow, community: Community, uri: string): Promise<void> {
  if (!(await isModerator(services.db, community.actor.id, moderator.id))) throw new DomainError("forbidden", "Only the community's moderators may link communities");
  await services.db.deleteFrom("community_links").where("community_id", "=", community.actor.id).where("linked_uri", "=", uri).execute();
}

export async function linkedCommunities(services: Services, communityId: string): Promise<string[]> {
  const rows = await services.db.selectFrom("community_links").select("linked_uri").where("community_id", "=", communityId).orderBy("created_at").execute();
  return rows.map((r) => r.linked_uri);
}
