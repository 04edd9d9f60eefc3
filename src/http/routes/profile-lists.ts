// What a profile lists (the first few notes, communities and notebooks of a
// person) and the full, paged lists its "see all" links lead to:
// /@name/communities and /@name/notebooks (/@name/notes is the note pages').
import { Hono, type Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { localUsername } from "../../domain/accounts.ts";
import { findActorByHandle, hostOf, type ActorRow } from "../../domain/actors.ts";
import { listFollows, type FollowsViewer } from "../../domain/follows.ts";
import { listNotebooks } from "../../domain/notebooks.ts";
import { listPublicNotes, noteAuthors } from "../../domain/notes.ts";
import { searchEnginesMayIndex } from "../../domain/privacy-choices.ts";
import { isSuspended } from "../../domain/suspensions.ts";
import type { AppEnv } from "../env.ts";
import { viewContext } from "../views/layout.ts";
import type { ProfileLists } from "../views/profile.ts";
import { profileCommunitiesPage, profileNotebooksPage } from "../views/profile-lists.ts";

/** How many of each a profile shows before "see all". */
const ON_PROFILE = { notes: 5, communities: 8, notebooks: 5 } as const;
const PAGE_SIZE = 30;

export async function profileLists(db: Kysely<Database>, actor: ActorRow, viewerId: string | null, seenBy: FollowsViewer | undefined): Promise<ProfileLists> {
  const [notes, communities, notebooks] = await Promise.all([
    listPublicNotes(db, { authorId: actor.id, limit: ON_PROFILE.notes, viewerId }),
    // One's own list is whole; anyone else's leaves out the private communities they are not part of.
    listFollows(db, actor.id, "following", { limit: ON_PROFILE.communities, onlyGroups: true, seenBy }),
    listNotebooks(db, { limit: ON_PROFILE.notebooks, curatorId: actor.id }),
  ]);
  return {
    notes: await Promise.all(notes.items.map(async (note) => ({ note, authors: await noteAuthors(db, note.id) }))),
    moreNotes: notes.nextCursor != null,
    communities: communities.items.map((item) => item.actor),
    moreCommunities: communities.nextCursor != null,
    notebooks: notebooks.items,
    moreNotebooks: notebooks.nextCursor != null,
  };
}

/** The local person (or organization) of `/@name/…`, or null when there is no page to show. */
async function ownerOf(c: Context<AppEnv>): Promise<ActorRow | null> {
  const { db, config } = c.get("services");
  const username = localUsername(c.req.param("handle") ?? "", config.publicUrl);
  const actor = username == null ? undefined : await findActorByHandle(db, username, hostOf(config.publicUrl));
  if (!actor || actor.is_local !== 1 || actor.deleted_at != null || (actor.type !== "Person" && actor.type !== "Organization")) return null;
  return (await isSuspended(db, actor.id)) ? null : actor;
}

function cursorOf(c: Context<AppEnv>): string | null {
  return c.req.query("cursor")?.slice(0, 100) || null;
}

export function profileListRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/:handle{@[^/]+}/communities", async (c) => {
    const owner = await ownerOf(c);
    if (!owner) return c.notFound();
    const { db } = c.get("services");
    const viewerId = c.get("user")?.actor.id ?? null;
    const page = await listFollows(db, owner.id, "following", {
      limit: PAGE_SIZE,
      cursor: cursorOf(c),
      onlyGroups: true,
      seenBy: viewerId === owner.id ? undefined : { actorId: viewerId },
    });
    const nextHref = page.nextCursor ? `/@${owner.username}/communities?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    const noindex = !(await searchEnginesMayIndex(db, [owner]));
    return c.html(profileCommunitiesPage(viewContext(c), { owner, communities: page.items.map((item) => item.actor), nextHref, noindex }));
  });

  app.get("/:handle{@[^/]+}/notebooks", async (c) => {
    const owner = await ownerOf(c);
    if (!owner) return c.notFound();
    const { db } = c.get("services");
    const page = await listNotebooks(db, { limit: PAGE_SIZE, cursor: cursorOf(c), curatorId: owner.id });
    const nextHref = page.nextCursor ? `/@${owner.username}/notebooks?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    const noindex = !(await searchEnginesMayIndex(db, [owner]));
    return c.html(profileNotebooksPage(viewContext(c), { owner, notebooks: page.items, nextHref, noindex }));
  });

  return app;
}
