// One discussion across servers: a reply that reaches only its parent's
// author (as Mastodon sends it) is forwarded, as received, to the Groups of
// other instances that carry the thread, so every community sees it.
import type { InboxContext } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { findActorById, type ActorRow } from "../../src/domain/actors.ts";
import { communitiesOfNote } from "../../src/domain/communities.ts";
import { findNoteByUri, type NoteRow } from "../../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";

const logger = getLogger(["encommun", "inbox", "communities"]);

/** The Groups of other instances that carry the thread a reply belongs to. */
async function remoteThreadGroups(db: Kysely<Database>, note: Pick<NoteRow, "in_reply_to_uri">): Promise<ActorRow[]> {
  let uri = note.in_reply_to_uri;
  for (let depth = 0; uri && depth < 50; depth++) {
    const parent = await findNoteByUri(db, uri);
    if (!parent) return [];
    const groups: ActorRow[] = [];
    for (const post of await communitiesOfNote(db, parent.id)) {
      const group = await findActorById(db, post.communityId);
      if (group && group.is_local === 0) groups.push(group);
    }
    if (groups.length > 0) return groups;
    uri = parent.in_reply_to_uri;
  }
  return [];
}

/** Forwards the received reply (its original signature and proof intact) to those Groups that were not addressed. */
export async function forwardReplyToThreadGroups(ctx: InboxContext<Services>, note: NoteRow, addressed: readonly URL[]): Promise<void> {
  if (note.in_reply_to_uri == null) return;
  const groups = (await remoteThreadGroups(ctx.data.db, note)).filter((g) => !addressed.some((id) => id.href === g.uri));
  if (groups.length === 0) return;
  await ctx.forwardActivity({ identifier: INSTANCE_ACTOR_ID }, groups.map(toRecipient), { skipIfUnsigned: true, preferSharedInbox: true, orderingKey: note.uri });
  logger.info("Forwarded reply {note} to {groups}", { note: note.uri, groups: groups.map((g) => g.uri) });
}
