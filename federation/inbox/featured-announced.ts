// Announce(Add) / Announce(Remove) on a remote community's collections, by
// its moderator and relayed by the Group (Lemmy's add_featured_post.json and
// add_mod.json, and ours): a thread on `featured` is pinned or unpinned in our
// copy; a person on `moderators` becomes or stops being one of its moderators
// here (shown with the community, and trusted for the pins that follow). The Group signed the Announce; the inner actor must be
// the Group, on its server, or a moderator of it we know of, as for bans.
import type { Context } from "@fedify/fedify";
import { Add, Remove, type Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { isModerator } from "../../src/domain/communities.ts";
import { mirrorRemoteModerator, mirrorRemotePin } from "../../src/domain/community-moderation.ts";
import { findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { resolveActorByUri } from "../actors/resolve-actor.ts";
import { rawDocument } from "../vocab/raw-document.ts";

const logger = getLogger(["encommun", "inbox", "moderation"]);

async function speaksForGroup(ctx: Context<Services>, actor: URL, group: ActorRow): Promise<boolean> {
  if (actor.href === group.uri || actor.origin === new URL(group.uri).origin) return true;
  const known = await findActorByUri(ctx.data.db, actor.href);
  return known != null && (await isModerator(ctx.data.db, group.id, known.id));
}

/** Returns false when the Announce carries something else than a change of the Group's `featured` or moderators. */
export async function onFeaturedAnnounced(ctx: Context<Services>, announce: Announce, group: ActorRow): Promise<boolean> {
  const raw = (await rawDocument(announce))?.object as { type?: unknown } | undefined;
  if (raw == null || typeof raw !== "object" || (raw.type !== "Add" && raw.type !== "Remove")) return false;
  const inner = await announce.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, crossOrigin: "trust" }).catch(() => null);
  if (!(inner instanceof Add || inner instanceof Remove) || inner.actorId == null || inner.objectId == null) return false;
  // Lemmy and En commun both name the collections so.
  const collection = inner.targetId?.href === `${group.uri}/featured` ? "featured" : inner.targetId?.href === `${group.uri}/moderators` ? "moderators" : null;
  if (collection == null) return false;
  if (!(await speaksForGroup(ctx, inner.actorId, group))) {
    logger.info("Dropped pin announced by {group}: {actor} does not speak for it", { group: group.uri, actor: inner.actorId.href });
    return true;
  }
  if (collection === "moderators") {
    const person = await resolveActorByUri(ctx, inner.objectId).catch(() => null);
    if (person) await mirrorRemoteModerator(ctx.data.db, group.id, person.id, inner instanceof Add);
    else logger.info("Ignored moderator change announced by {group}: {object} could not be fetched", { group: group.uri, object: inner.objectId.href });
    return true;
  }
  const note = await findNoteByUri(ctx.data.db, inner.objectId.href);
  if (!note || !(await mirrorRemotePin(ctx.data.db, group.id, note.id, inner instanceof Add))) {
    logger.info("Ignored pin of {object} announced by {group}: not a thread of that community here", { object: inner.objectId.href, group: group.uri });
  }
  return true;
}
