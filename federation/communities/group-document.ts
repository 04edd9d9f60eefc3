// What Fedify's vocabulary cannot say about a Group, added to the served
// JSON: Lemmy's `postingRestrictedToMods`, and the moderators collection
// (Lemmy wants a list of actor ids, which Fedify's custom collections, made
// of objects, would not produce).
import { findActorByUri } from "../../src/domain/actors.ts";
import { findCommunity, moderators } from "../../src/domain/communities.ts";
import type { Services } from "../../src/services.ts";

const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
const MODERATORS_PATH = /^\/actors\/([0-9a-z]{26})\/moderators$/;

/** Adds `postingRestrictedToMods` to a served Group document. */
export async function decorateGroupDocument(services: Services, document: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (document.type !== "Group" || typeof document.id !== "string") return document;
  const actor = await findActorByUri(services.db, document.id);
  const community = actor?.is_local === 1 ? await findCommunity(services.db, actor.id) : undefined;
  if (!community) return document;
  const context = Array.isArray(document["@context"]) ? document["@context"] : [document["@context"]];
  return {
    ...document,
    "@context": [...context, { lemmy: "https://join-lemmy.org/ns#", postingRestrictedToMods: "lemmy:postingRestrictedToMods" }],
    postingRestrictedToMods: community.settings.posting_restricted_to_mods === 1,
  };
}

/** GET /actors/<group>/moderators: an OrderedCollection of actor ids. */
export async function moderatorsResponse(services: Services, request: Request): Promise<Response | null> {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  const match = MODERATORS_PATH.exec(url.pathname);
  if (!match) return null;
  const community = await findCommunity(services.db, match[1]!);
  if (!community || community.actor.is_local !== 1) return null;
  const ids = (await moderators(services.db, community.actor.id)).map((m) => m.uri);
  const body = { "@context": AS_CONTEXT, type: "OrderedCollection", id: `${community.actor.uri}/moderators`, totalItems: ids.length, orderedItems: ids };
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/activity+json", Vary: "Accept" } });
}
