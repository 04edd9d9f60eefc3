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
  // The region's number and the chosen point go with the other profile details (docs/PRIVACY.md).
  const details = actor.profile_details_public === 1 || actor.id === viewerId;
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
    region: details ? actor.region : null,
    coordinates: details && actor.latitude != null && actor.longitude != null ? { latitude: actor.latitude, longitude: actor.longitude } : null,
    discoverable: actor.discoverable === 1,
    indexable: actor.indexable === 1,
  };
}

export function followJson(follow: Pick<FollowRow, "id" | "status" | "created_at" | "accepted_at">, actor: ActorRow) {
  return { id: follow.id, status: follow.status, createdAt: follow.created_at, acceptedAt: follow.accepted_at, actor: actorJson(actor) };
}
