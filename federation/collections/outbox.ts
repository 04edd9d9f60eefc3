// The outbox, newest first, paged (Lemmy rejects actors without one;
// Mastodon reads it to fill a profile; other instances backfill from it):
// a person's or organization's public and unlisted notes as Create
// activities; a community's threads as the Group's Announce of each (objects
// by id: a reader fetches each from its own server, as from the inbox); the
// instance actor's, the instance's listing that sister instances read: its
// public communities (an Announce of each Group) on the first page, then the
// public top-level notes of the whole instance.
import type { FederationBuilder, RequestContext } from "@fedify/fedify";
import { Announce, Create, PUBLIC_COLLECTION, type Activity } from "@fedify/vocab";
import { findActorById, type ActorRow } from "../../src/domain/actors.ts";
import { countPublicThreads, listPublicThreads } from "../../src/domain/communities.ts";
import { countInstanceListing, listedCommunities } from "../../src/domain/network.ts";
import { countNotesByAuthor, listNotesByAuthor, listPublicNotes, loadNoteDetails, type NoteRow } from "../../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID, ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { parentAuthorsOf } from "../notes/audience.ts";
import { toArticle } from "../notes/to-article.ts";

export const OUTBOX_PAGE_SIZE = 20;

async function liveLocal(ctx: RequestContext<Services>, identifier: string): Promise<ActorRow | null> {
  const actor = await findActorById(ctx.data.db, identifier);
  return actor != null && actor.is_local === 1 && actor.deleted_at == null ? actor : null;
}

type Page = { items: Activity[]; nextCursor: string | null };

async function createOf(ctx: RequestContext<Services>, actorId: string, note: NoteRow): Promise<Create> {
  const article = toArticle(ctx, await loadNoteDetails(ctx.data.db, note), await parentAuthorsOf(ctx, note.in_reply_to_uri));
  return new Create({
    id: new URL(`${note.uri}#create`),
    actor: ctx.getActorUri(actorId),
    object: article,
    tos: article.toIds,
    ccs: article.ccIds,
    published: article.published,
  });
}

/** "0" is the first page; then the author's keyset cursor (`published_at|id`), so a page costs the same at any depth. */
async function creates(ctx: RequestContext<Services>, actor: ActorRow, cursor: string): Promise<Page> {
  const page = await listNotesByAuthor(ctx.data.db, actor.id, { includeRestricted: false, limit: OUTBOX_PAGE_SIZE, cursor: cursor === "0" ? null : cursor });
  const items: Activity[] = [];
  for (const note of page.items) items.push(await createOf(ctx, actor.id, note));
  return { items, nextCursor: page.nextCursor };
}

/** The instance's listing; after the first page ("0") the cursor is the notes' keyset cursor. */
async function instanceListing(ctx: RequestContext<Services>, cursor: string): Promise<Page> {
  const items: Activity[] = [];
  const instance = ctx.getActorUri(INSTANCE_ACTOR_ID);
  if (cursor === "0") {
    for (const group of await listedCommunities(ctx.data.db)) {
      items.push(new Announce({ id: new URL(`${group.uri}#listed`), actor: instance, object: new URL(group.uri), to: PUBLIC_COLLECTION }));
    }
  }
  const page = await listPublicNotes(ctx.data.db, { localOnly: true, limit: OUTBOX_PAGE_SIZE, cursor: cursor === "0" ? null : cursor });
  for (const note of page.items) items.push(await createOf(ctx, INSTANCE_ACTOR_ID, note));
  return { items, nextCursor: page.nextCursor };
}

/** The same Announce (same id) the Group sent when the thread was posted (see communities/announce.ts). */
async function announces(ctx: RequestContext<Services>, group: ActorRow, cursor: string): Promise<Page> {
  // "0" is the first page; then the threads' keyset cursor.
  const threads = await listPublicThreads(ctx.data.db, group.id, { limit: OUTBOX_PAGE_SIZE, cursor: cursor === "0" ? null : cursor });
  const items = threads.items.map(
    ({ note, postedAt }) =>
      new Announce({
        id: new URL(`${group.uri}#boosts/${encodeURIComponent(note.uri)}`),
        actor: new URL(group.uri),
        object: new URL(note.uri),
        audience: new URL(group.uri),
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(group.id),
        published: Temporal.Instant.from(postedAt),
      }),
  );
  return { items, nextCursor: threads.nextCursor };
}

export function registerOutboxCollection(builder: FederationBuilder<Services>): void {
  builder
    .setOutboxDispatcher(ROUTES.outbox, async (ctx, identifier, cursor) => {
      const actor = await liveLocal(ctx, identifier);
      if (!actor) return null;
      if (cursor == null) return { items: [] };
      if (actor.id === INSTANCE_ACTOR_ID) return instanceListing(ctx, cursor);
      if (actor.type === "Group") return announces(ctx, actor, cursor);
      return creates(ctx, actor, cursor);
    })
    .setCounter(async (ctx, identifier) => {
      const actor = await findActorById(ctx.data.db, identifier);
      if (actor?.type === "Group") return countPublicThreads(ctx.data.db, identifier);
      if (identifier === INSTANCE_ACTOR_ID) return countInstanceListing(ctx.data.db);
      return countNotesByAuthor(ctx.data.db, identifier, false);
    })
    .setFirstCursor(() => "0");
}
