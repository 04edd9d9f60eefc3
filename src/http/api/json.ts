// How actors and follows look in the JSON API (docs/API.md).
import { handleOf, shownProfileFields, type ActorRow } from "../../domain/actors.ts";
import type { FollowRow } from "../../domain/follows.ts";

export function actorJson(actor: ActorRow) {
  return actorJsonFor(actor, null);
}

/** The person's own view of themselves: their profile details even when private. */
export function ownActorJson(actor: ActorRow) {
  return actorJsonFor(actor, actor.id);
}

function actorJsonFor(actor: ActorRow, viewerId: string | null) {
  return {
    id: actor.id,
    uri: actor.uri,
    url: actor.url,
    type: actor.type,
    handle: handleOf(actor),
    username: actor.username,
    domain: actor.domain,
    local: actor.is_local === 1,
    name: actor.name,
    summary: actor.summary,
    iconUrl: actor.icon_url,
    locked: actor.manually_approves_followers === 1,
    fields: shownProfileFields(actor, viewerId),
    discoverable: actor.discoverable === 1,
    indexable: actor.indexable === 1,
  };
}

export function followJson(follow: Pick<FollowRow, "id" | "status" | "created_at" | "accepted_at">, actor: ActorRow) {
  return { id: follow.id, status: follow.status, createdAt: follow.created_at, acceptedAt: follow.accepted_at, actor: actorJson(actor) };
}
