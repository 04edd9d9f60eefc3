// Vocabulary to row: an OrderedCollection from another instance as the
// domain's RemoteNotebookData. A notebook is an ordered collection that names
// its curators in attributedTo (what tells it from featured posts, outboxes
// and moderator lists); its items are note ids in reading order.
import type { Context } from "@fedify/fedify";
import type { OrderedCollection } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import type { ActorRow } from "../../src/domain/actors.ts";
import type { RemoteNotebookData } from "../../src/domain/remote-notebooks.ts";
import { plainText } from "../../src/domain/sanitize.ts";
import type { Services } from "../../src/services.ts";
import { resolveActorByUri } from "../actors/resolve-actor.ts";

/** Null when the collection has no id or none of its curators could be fetched. */
export async function toRemoteNotebookData(ctx: Context<Services>, collection: OrderedCollection, documentLoader: DocumentLoader): Promise<RemoteNotebookData | null> {
  if (collection.id == null) return null;
  const curators: ActorRow[] = [];
  for (const id of collection.attributionIds) {
    const curator = await resolveActorByUri(ctx, id);
    if (curator && !curators.some((c) => c.id === curator.id)) curators.push(curator);
  }
  if (curators.length === 0) return null;
  const url = collection.url instanceof URL ? collection.url.href : (collection.url?.href?.href ?? null);
  const image = await collection.getImage({ documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  return {
    uri: collection.id.href,
    url,
    title: collection.name?.toString() ?? collection.id.href,
    summary: collection.summary ? plainText(collection.summary.toString(), 2000) : null,
    coverUrl: image?.url instanceof URL ? image.url.href : null,
    curators,
    items: collection.itemIds.map((id) => id.href),
  };
}
