// A remote moderator of one of our communities acting from their own server,
// as Lemmy's moderators do (add_featured_post.json, remove_featured_post.json,
// add_mod.json): `Add` / `Remove` of a thread to the Group's `featured`
// collection pins / unpins it; of a person to its moderators collection adds
// or removes a moderator. The same domain functions as our own moderators
// use decide (only a moderator may), log and federate it.
import type { InboxContext } from "@fedify/fedify";
import type { Add, Remove } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findCommunityByUri, type Community } from "../../src/domain/communities.ts";
import { addModerator, removeModerator, setPinned } from "../../src/domain/community-moderation.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "moderation"]);
const COLLECTION = /^(.*)\/(featured|moderators)$/;

/** Returns false when the target is not one of our communities' collections (a notebook, say). */
export async function onModeratorCollectionChange(ctx: InboxContext<Services>, activity: Add | Remove, add: boolean): Promise<boolean> {
  const target = activity.targetId?.href;
  const match = target ? COLLECTION.exec(target) : null;
  if (!match || new URL(target!).origin !== ctx.data.config.publicUrl.origin) return false;
  const community: Community | undefined = await findCommunityByUri(ctx.data.db, match[1]!);
  if (!community || community.actor.is_local !== 1) return false;
  const moderator = await senderOf(ctx, activity);
  const objectUri = activity.objectId?.href;
  if (!moderator || !objectUri) return true;
  try {
    if (match[2] === "featured") {
      const note = await findNoteByUri(ctx.data.db, objectUri);
      if (!note) throw new DomainError("not_found", "No such post in this community");
      await setPinned(ctx.data, moderator, community, note.id, add);
    } else if (add) await addModerator(ctx.data, moderator, community, objectUri);
    else await removeModerator(ctx.data, moderator, community, objectUri);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.warning("Rejected {type} {id} on {target} by {actor}: {reason}", { type: add ? "Add" : "Remove", id: activity.id?.href ?? null, target, actor: moderator.uri, reason: error.message });
  }
  return true;
}
