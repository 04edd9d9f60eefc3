// Serves local notes as Articles, with their replies, likes, shares and
// context collections. Restricted notes are served only to signed fetches
// from someone allowed to see them.
import type { FederationBuilder, RequestContext } from "@fedify/fedify";
import { Announce, Article, Collection, Like, Note, Object as ASObject } from "@fedify/vocab";
import { findActorByUri } from "../../src/domain/actors.ts";
import { canSeeNote, findNoteById, loadNoteDetails, type NoteRow } from "../../src/domain/notes.ts";
import { fill, ROUTES } from "../../src/domain/paths.ts";
import { countReactions, listReactions, type ReactionKind } from "../../src/domain/reactions.ts";
import { descendants, readingOrder } from "../../src/domain/threads.ts";
import { isPubliclyReadable } from "../../src/domain/visibility.ts";
import type { Services } from "../../src/services.ts";
import { parentAuthorsOf } from "./audience.ts";
import { toArticle } from "./to-article.ts";

const REPLIES_PAGE_SIZE = 20;

async function liveLocalNote(ctx: RequestContext<Services>, id: string): Promise<NoteRow | null> {
  const note = await findNoteById(ctx.data.db, id);
  return note && note.is_local === 1 && note.deleted_at == null ? note : null;
}

/** Public and unlisted notes are readable by anyone; others need a signer allowed to see them. */
async function mayRead(ctx: RequestContext<Services>, id: string): Promise<boolean> {
  const note = await liveLocalNote(ctx, id);
  if (!note) return true; // let the dispatcher answer 404
  if (isPubliclyReadable(note.visibility)) return true;
  const signer = await ctx.getSignedKeyOwner().catch(() => null);
  if (!signer?.id) return false;
  if (note.visibility === "community") return serverOfCommunityMember(ctx, note, signer.id);
  const viewer = await findActorByUri(ctx.data.db, signer.id.href);
  return viewer != null && (await canSeeNote(ctx.data.db, note, viewer.id));
}

/**
 * Community-only notes are fetched by servers, not people (an instance actor
 * backfilling, a Group redistributing): allowed for the server of a community
 * that carries the note, and for servers where one of its approved members lives.
 */
async function serverOfCommunityMember(ctx: RequestContext<Services>, note: NoteRow, signer: URL): Promise<boolean> {
  const { db } = ctx.data;
  const communities = await db
    .selectFrom("community_posts")
    .innerJoin("actors", "actors.id", "community_posts.community_id")
    .select(["actors.id", "actors.uri", "actors.is_local"])
    .where("community_posts.note_id", "=", note.id)
    .where("community_posts.removed_at", "is", null)
    .execute();
  for (const community of communities) {
    if (new URL(community.uri).origin === signer.origin) return true;
    if (community.is_local !== 1) continue;
    const members = await db
      .selectFrom("follows")
      .innerJoin("actors", "actors.id", "follows.follower_id")
      .select("actors.uri")
      .where("follows.following_id", "=", community.id)
      .where("follows.status", "=", "accepted")
      .execute();
    if (members.some((m) => new URL(m.uri).origin === signer.origin)) return true;
  }
  return false;
}

/** Items as the activities themselves, with their actor: the collection is what a server shows as "liked by". */
async function reactionItems(ctx: RequestContext<Services>, note: NoteRow, kind: ReactionKind): Promise<ASObject[]> {
  const rows = await listReactions(ctx.data.db, note.id, kind);
  return rows.map((r) => {
    const values = { id: new URL(r.activityUri), actor: new URL(r.actorUri), object: new URL(note.uri), published: Temporal.Instant.from(r.createdAt) };
    return kind === "like" ? new Like(values) : new Announce(values);
  });
}

/** The Article with its likes and shares embedded as counted collections, as Mastodon serves them. */
async function withCounts<T extends Article | Note>(ctx: RequestContext<Services>, note: NoteRow, article: T): Promise<T> {
  const [likes, shares] = await Promise.all([countReactions(ctx.data.db, note.id, "like"), countReactions(ctx.data.db, note.id, "share")]);
  const at = (template: string) => new URL(fill(template, { id: note.id }), ctx.data.config.publicUrl);
  return article.clone({
    likes: new Collection({ id: at(ROUTES.noteLikes), totalItems: likes }),
    shares: new Collection({ id: at(ROUTES.noteShares), totalItems: shares }),
  }) as T;
}

/**
 * An item served as a bare IRI. Fedify writes URL items as plain strings, but
 * its types only admit objects; an object with nothing but an id would go out
 * as `{"type":"Object","id":…}`, which NodeBB skips (it reads a `context` or
 * `replies` item only when it is an IRI or a typed post).
 */
const asIri = (uri: string): ASObject => new URL(uri) as unknown as ASObject;

/** Items by id only: receivers fetch each (and check its origin) rather than trust our copy. */
async function replies(ctx: RequestContext<Services>, note: NoteRow): Promise<ASObject[]> {
  const rows = await ctx.data.db
    .selectFrom("notes")
    .select("uri")
    .where("in_reply_to_uri", "=", note.uri)
    .where("deleted_at", "is", null)
    .where("visibility", "in", ["public", "unlisted"])
    .orderBy("published_at")
    .execute();
  return rows.map((r) => asIri(r.uri));
}

export function registerNoteDispatchers(builder: FederationBuilder<Services>): void {
  builder
    .setObjectDispatcher(Article, ROUTES.note, async (ctx, values) => {
      const note = await liveLocalNote(ctx, values.id);
      if (!note) return null;
      // Discussion replies are Notes; the route serves both (Fedify types it by its first class).
      const object = toArticle(ctx, await loadNoteDetails(ctx.data.db, note), await parentAuthorsOf(ctx, note.in_reply_to_uri));
      return (await withCounts(ctx, note, object)) as Article;
    })
    .authorize((ctx, values) => mayRead(ctx, values.id ?? ""));

  // Replies (Mastodon crawls this collection), public ones only.
  builder
    .setCollectionDispatcher("note-replies", ASObject, ROUTES.noteReplies, async (ctx, values, cursor) => {
      const note = await liveLocalNote(ctx, values.id);
      if (!note) return null;
      const all = await replies(ctx, note);
      if (cursor == null) return { items: all };
      // Paged as Mastodon crawls it: `first`, then `next` until the end.
      const offset = Number(cursor) || 0;
      return { items: all.slice(offset, offset + REPLIES_PAGE_SIZE), nextCursor: offset + REPLIES_PAGE_SIZE < all.length ? String(offset + REPLIES_PAGE_SIZE) : null };
    })
    .setCounter(async (ctx, values) => {
      const note = await liveLocalNote(ctx, values.id);
      return note ? (await replies(ctx, note)).length : null;
    })
    .setFirstCursor(() => "0")
    .authorize((ctx, values) => mayRead(ctx, values.id ?? ""));

  // FEP-7888 / FEP-f228: the conversation under a note, the note first, then every public reply at any
  // depth (from any instance) in reading order, so another server completes a thread in one read.
  builder
    .setOrderedCollectionDispatcher("note-context", ASObject, ROUTES.noteContext, async (ctx, values) => {
      const note = await liveLocalNote(ctx, values.id);
      if (!note) return null;
      const conversation = readingOrder(note, await descendants(ctx.data.db, note)).filter((n) => n.deleted_at == null && isPubliclyReadable(n.visibility));
      return { items: [note, ...conversation].map((n) => asIri(n.uri)) };
    })
    .authorize((ctx, values) => mayRead(ctx, values.id ?? ""));

  // Likes and shares (light participation), from the `reactions` table.
  for (const [name, route, kind] of [["note-likes", ROUTES.noteLikes, "like"], ["note-shares", ROUTES.noteShares, "share"]] as const) {
    builder
      .setCollectionDispatcher(name, ASObject, route, async (ctx, values) => {
        const note = await liveLocalNote(ctx, values.id);
        return note ? { items: await reactionItems(ctx, note, kind) } : null;
      })
      .setCounter(async (ctx, values) => {
        const note = await liveLocalNote(ctx, values.id);
        return note ? countReactions(ctx.data.db, note.id, kind) : null;
      })
      .authorize((ctx, values) => mayRead(ctx, values.id ?? ""));
  }
}
