// The home page (/): what it shows is chosen in home-digest.ts and the view;
// here, each list is read with its limit (one more than shown, to know
// whether a "see all" link is worth showing).
import type { Context } from "hono";
import { listLocalPeople } from "../../domain/accounts.ts";
import { activeCommunities, communityNews, instanceCounts, sisterInstances } from "../../domain/home-digest.ts";
import { listNotebooks } from "../../domain/notebooks.ts";
import { listPublicNotes, noteAuthors } from "../../domain/notes.ts";
import type { AppEnv } from "../env.ts";
import { homePage } from "../views/home.ts";
import { viewContext } from "../views/layout.ts";

const HOME = {
  notes: 6,
  communities: 4,
  threadsEach: 3,
  notebooks: 4,
  people: 12,
  /** A member's news: the last communities they joined, a few threads each, the newest overall. */
  news: { communities: 12, perCommunity: 3, limit: 8 },
} as const;

export async function renderHome(c: Context<AppEnv>): Promise<Response> {
  const { db } = c.get("services");
  const viewerId = c.get("user")?.actor.id ?? null;
  const [counts, notes, communities, notebooks, sisters, people, news] = await Promise.all([
    instanceCounts(db),
    listPublicNotes(db, { limit: HOME.notes, viewerId }),
    activeCommunities(db, { viewerId, communities: HOME.communities, threadsEach: HOME.threadsEach }),
    listNotebooks(db, { limit: HOME.notebooks }),
    sisterInstances(db),
    listLocalPeople(db, HOME.people),
    viewerId ? communityNews(db, viewerId, HOME.news) : null,
  ]);
  const withAuthors = await Promise.all(notes.items.map(async (note) => ({ note, authors: await noteAuthors(db, note.id) })));
  return c.html(
    homePage(viewContext(c), {
      counts,
      notes: withAuthors,
      moreNotes: notes.nextCursor != null,
      communities,
      notebooks: notebooks.items,
      moreNotebooks: notebooks.nextCursor != null,
      sisters,
      people,
      news,
    }),
  );
}
