// Full-text search on both databases: the French examples of issue 13, notes
// received from elsewhere, who may find what, filters and paging.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../../src/domain/actors.ts";
import { parseHandle } from "../../../src/domain/handles.ts";
import { isoNow } from "../../../src/domain/clock.ts";
import { createCommunity } from "../../../src/domain/communities.ts";
import { newId } from "../../../src/domain/ids.ts";
import { createNote, deleteNote, updateNote } from "../../../src/domain/note-writing.ts";
import { createNotebook } from "../../../src/domain/notebooks.ts";
import { createOrganization } from "../../../src/domain/organizations.ts";
import { searchText, type SearchFilters, type SearchItem } from "../../../src/domain/search/search.ts";
import { keepSearchIndexUpToDate } from "../../../src/domain/search/catch-up.ts";
import type { DatabaseHandle } from "../../../src/db/database.ts";
import type { SearchDocumentKind } from "../../../src/db/search-schema.ts";
import { createTerm } from "../../../src/domain/terms.ts";
import { blockOrMute } from "../../../src/domain/member-blocks.ts";
import { setAccountPolicy, setInstancePolicy } from "../../../src/domain/moderation-policies.ts";
import type { TestServices } from "../../helpers/services.ts";
import { DATABASES, useServices } from "../on-databases.ts";

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function titleOf(item: SearchItem): string {
  switch (item.kind) {
    case "note":
      return item.note.title;
    case "notebook":
      return item.notebook.title;
    case "term":
      return item.term.label_fr ?? "";
    default:
      return item.actor.name ?? item.actor.username;
  }
}

describe.each(DATABASES)("search on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;

  beforeEach(async () => {
    const base = current();
    // Local handles and URLs resolve; anything else would be a network lookup.
    services = Object.assign(base, {
      directory: {
        resolve: async (query: string) => {
          const handle = parseHandle(query);
          return (handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query)) ?? null;
        },
      },
    });
    const origin = services.config.publicUrl;
    ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: "correct horse battery", isAdmin: false }));
    ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: "correct horse battery", isAdmin: false }));
  });

  async function find(text: string, options: { kind?: SearchDocumentKind; viewer?: ActorRow | null; filters?: SearchFilters; limit?: number; offset?: number } = {}) {
    const answer = await searchText(services.db, services.dialect, text, options.kind ?? null, {
      viewerId: options.viewer?.id ?? null,
      filters: options.filters ?? {},
      limit: options.limit ?? 20,
      offset: options.offset ?? 0,
    });
    if (!answer.ok) throw new Error(answer.problem);
    return answer;
  }

  async function noteTitles(text: string, options: Parameters<typeof find>[1] = {}) {
    const answer = await find(text, { ...options, kind: "note" });
    return answer.pages.get("note")!.items.map(titleOf).sort();
  }

  async function note(title: string, content: string, extra: Record<string, unknown> = {}, author = alice) {
    return (await createNote(services, author, { title, content, ...extra })).note;
  }

  /** A note received from another instance, stored as the inbox stores it. */
  async function remoteNote(title: string, content: string) {
    const now = isoNow();
    const actorId = newId();
    await services.db
      .insertInto("actors")
      .values({ id: actorId, uri: "https://b.example/actors/carol", type: "Person", is_local: 0, username: "carol", username_key: "carol", domain: "b.example", name: "Carol", summary: null, icon_url: null, url: null, inbox_url: "https://b.example/inbox", shared_inbox_url: null, outbox_url: null, followers_url: null, following_url: null, followers_count: null, following_count: null, fetched_at: now, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    const id = newId();
    await services.db
      .insertInto("notes")
      .values({ id, uri: `https://b.example/notes/${id}`, is_local: 0, url: null, title, summary: null, content_source: null, content_html: `<p>${content}</p>`, language: "fr", category: null, license: "https://creativecommons.org/licenses/by-sa/4.0/", visibility: "public", brought_in_by: null, in_reply_to_uri: null, context_uri: null, published_at: now, updated_at: now, created_at: now, fetched_at: now, deleted_at: null, backfilled_at: null })
      .execute();
    await services.db.insertInto("note_authors").values({ note_id: id, actor_id: actorId, position: 0 }).execute();
    return id;
  }

  it("finds the French examples: plurals, accents, case and proper names", async () => {
    await note("Agricultures urbaines à Montréal", "Des jardins sur les toits.");
    await note("Économies de la fonctionnalité", "Penser les communs avec Elinor Ostrom.");
    await note("Cartographie libre", "Contribuer à OpenStreetMap dans son quartier.");
    await note("Sans rapport", "Une recette de tarte aux pommes.");
    expect(await noteTitles("agriculture urbaine")).toEqual(["Agricultures urbaines à Montréal"]);
    expect(await noteTitles("économie")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("economie")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("ÉCONOMIES")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("communs")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("commun")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("Ostrom")).toEqual(["Économies de la fonctionnalité"]);
    expect(await noteTitles("openstreetmap")).toEqual(["Cartographie libre"]);
    expect(await noteTitles('"agriculture urbaine"')).toEqual(["Agricultures urbaines à Montréal"]);
    expect(await noteTitles('"urbaine agriculture"')).toEqual([]);
  });

  it("finds a note received from another instance, with a highlighted excerpt", async () => {
    await remoteNote("Nouvelles du réseau", "Les communs numériques et <b>OpenStreetMap</b>.");
    const answer = await find("communs", { kind: "note" });
    const [item] = answer.pages.get("note")!.items;
    expect(item?.kind === "note" && item.note.is_local).toBe(0);
    expect(item?.excerpt).toBe("Les <mark>communs</mark> numériques et OpenStreetMap.");
    expect(await noteTitles("communs", { filters: { instance: "b.example" } })).toEqual(["Nouvelles du réseau"]);
    expect(await noteTitles("communs", { filters: { instance: "test.example" } })).toEqual([]);
  });

  it("leaves out what an administrator limited or blocked, and what the viewer muted or blocked", async () => {
    await note("Communs de Bob", "Des communs partagés.", {}, bob);
    await remoteNote("Communs de Carol", "Des communs d'ailleurs.");
    const carol = (await findActorByUri(services.db, "https://b.example/actors/carol"))!;
    const people = async (text: string, viewer: ActorRow | null = null) => (await find(text, { kind: "person", viewer })).pages.get("person")!.items.map(titleOf);
    expect(await noteTitles("communs", { viewer: alice })).toEqual(["Communs de Bob", "Communs de Carol"]);
    expect(await people("bob", alice)).toEqual(["bob"]);
    // Alice mutes Bob: his notes and himself are gone from her search only.
    await blockOrMute(services, alice, { actor: bob }, "mute");
    expect(await noteTitles("communs", { viewer: alice })).toEqual(["Communs de Carol"]);
    expect(await people("bob", alice)).toEqual([]);
    expect(await noteTitles("communs", { viewer: null })).toEqual(["Communs de Bob", "Communs de Carol"]);
    expect(await people("bob", null)).toEqual(["bob"]);
    // …and blocks Carol's instance.
    await blockOrMute(services, alice, { host: "b.example" }, "block");
    expect(await noteTitles("communs", { viewer: alice })).toEqual([]);
    // An administrator limits Carol's account, then her instance: hidden from everyone's search.
    const admin = { actor: bob, isAdmin: true };
    await setAccountPolicy(services, admin, carol, { policy: "limit" });
    expect(await noteTitles("communs", { viewer: null })).toEqual(["Communs de Bob"]);
    await setAccountPolicy(services, admin, carol, { policy: "none" });
    expect(await noteTitles("communs", { viewer: null })).toEqual(["Communs de Bob", "Communs de Carol"]);
    await setInstancePolicy(services, admin, "b.example", { policy: "block" });
    expect(await noteTitles("communs", { viewer: bob })).toEqual(["Communs de Bob"]);
    // A community Alice blocked is not found by her.
    const jardins = await createCommunity(services, bob, { handle: "jardins", name: "Jardins partagés", summary: "Les communs au potager", visibility: "public", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
    const communities = async (viewer: ActorRow) => (await find("potager", { kind: "community", viewer })).pages.get("community")!.items.map(titleOf);
    expect(await communities(alice)).toEqual(["Jardins partagés"]);
    await blockOrMute(services, alice, { actor: jardins.actor }, "block");
    expect(await communities(alice)).toEqual([]);
    expect(await communities(bob)).toEqual(["Jardins partagés"]);
  });

  it("escapes what it shows and marks only words", async () => {
    await note("Balises", "Le <script>alert('communs')</script> & les communs.");
    const [item] = (await find("communs", { kind: "note" })).pages.get("note")!.items;
    expect(item?.excerpt).not.toContain("<script>");
    expect(item?.excerpt).toContain("<mark>communs</mark>");
  });

  it("ranks a title match before a passing mention", async () => {
    await note("Une note", "Elle parle de gouvernance en passant.");
    await note("Gouvernance des communs", "Un texte.");
    const items = (await find("gouvernance", { kind: "note" })).pages.get("note")!.items;
    expect(items.map(titleOf)).toEqual(["Gouvernance des communs", "Une note"]);
  });

  it("finds notebooks, terms, people, organizations and communities", async () => {
    await createNotebook(services, alice, { title: "Parcours sur les communs", summary: "Lectures choisies" });
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Commun", definitionFr: "Une ressource gérée par une communauté." });
    await createOrganization(services, alice, { username: "atelier", name: "Atelier des communs", summary: null });
    await createCommunity(services, alice, { handle: "jardins", name: "Jardins partagés", summary: "Les communs au potager", visibility: "public", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
    await services.db.updateTable("actors").set({ summary: "Je documente les communs" }).where("id", "=", bob.id).execute();
    const answer = await find("communs");
    expect(answer.pages.get("notebook")!.items.map(titleOf)).toEqual(["Parcours sur les communs"]);
    expect(answer.pages.get("term")!.items.map(titleOf)).toEqual(["Commun"]);
    expect(answer.pages.get("organization")!.items.map(titleOf)).toEqual(["Atelier des communs"]);
    expect(answer.pages.get("community")!.items.map(titleOf)).toEqual(["Jardins partagés"]);
    expect(answer.pages.get("person")!.items.map(titleOf)).toEqual(["bob"]);
  });

  it("shows followers-only notes to followers, unlisted ones to their authors only, nothing restricted to anonymous readers", async () => {
    await note("Communs publics", "texte", { visibility: "public" });
    await note("Communs entre abonnés", "texte", { visibility: "followers" });
    await note("Communs non listés", "texte", { visibility: "unlisted" });
    expect(await noteTitles("communs")).toEqual(["Communs publics"]);
    expect(await noteTitles("communs", { viewer: bob })).toEqual(["Communs publics"]);
    await services.db.insertInto("follows").values({ id: newId(), follower_id: bob.id, following_id: alice.id, activity_uri: `https://test.example/follows/${newId()}`, status: "accepted", created_at: isoNow(), accepted_at: isoNow() }).execute();
    expect(await noteTitles("communs", { viewer: bob })).toEqual(["Communs entre abonnés", "Communs publics"]);
    expect(await noteTitles("communs", { viewer: alice })).toEqual(["Communs entre abonnés", "Communs non listés", "Communs publics"]);
  });

  it("keeps community-only notes to the community's members", async () => {
    await createCommunity(services, alice, { handle: "cercle", name: "Cercle", summary: null, visibility: "private", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
    await note("Communs du cercle", "texte", { communities: ["cercle"] });
    const [row] = await services.db.selectFrom("notes").select("visibility").where("title", "=", "Communs du cercle").execute();
    expect(row?.visibility).toBe("community");
    expect(await noteTitles("communs", { viewer: bob })).toEqual([]);
    expect(await noteTitles("communs")).toEqual([]);
    expect(await noteTitles("communs", { viewer: alice })).toEqual(["Communs du cercle"]);
  });

  it("respects the author's indexable choice and people's discoverable choice", async () => {
    await note("Communs cachés", "texte");
    await services.db.updateTable("actors").set({ indexable: 0, summary: "communs" }).where("id", "=", alice.id).execute();
    expect(await noteTitles("communs")).toEqual([]);
    expect(await noteTitles("communs", { viewer: alice })).toEqual(["Communs cachés"]);
    expect((await find("communs", { kind: "person" })).pages.get("person")!.items.map(titleOf)).toEqual(["alice"]);
    await services.db.updateTable("actors").set({ discoverable: 0 }).where("id", "=", alice.id).execute();
    expect((await find("communs", { kind: "person" })).pages.get("person")!.items).toEqual([]);
    await services.db.updateTable("actors").set({ indexable: 1 }).where("id", "=", alice.id).execute();
    expect(await noteTitles("communs")).toEqual(["Communs cachés"]);
  });

  it("follows edits and deletions", async () => {
    const n = await note("Potagers", "texte");
    expect(await noteTitles("communs")).toEqual([]);
    await updateNote(services, alice, n.id, { content: "Les communs du potager" });
    expect(await noteTitles("communs")).toEqual(["Potagers"]);
    await deleteNote(services, alice, n.id);
    expect(await noteTitles("communs")).toEqual([]);
  });

  it("filters by tag, term, community, language, licence and date", async () => {
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Gouvernance", definitionFr: "Qui décide." });
    await createCommunity(services, alice, { handle: "jardins", name: "Jardins", summary: null, visibility: "public", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
    await note("Communs A", "texte", { tags: ["Économie"], terms: ["gouvernance"], language: "fr", license: "cc-by-4.0", communities: ["jardins"] });
    await note("Communs B", "text", { language: "en", license: "cc0-1.0" });
    expect(await noteTitles("communs", { filters: { tag: "#economie" } })).toEqual(["Communs A"]);
    expect(await noteTitles("communs", { filters: { term: "gouvernance" } })).toEqual(["Communs A"]);
    expect(await noteTitles("communs", { filters: { community: "jardins" } })).toEqual(["Communs A"]);
    expect(await noteTitles("communs", { filters: { community: "nulle-part" } })).toEqual([]);
    expect(await noteTitles("communs", { filters: { language: "en" } })).toEqual(["Communs B"]);
    expect(await noteTitles("communs", { filters: { license: "cc0-1.0" } })).toEqual(["Communs B"]);
    expect(await noteTitles("communs", { filters: { license: "cc-by-4.0" } })).toEqual(["Communs A"]);
    const today = isoNow().slice(0, 10);
    expect(await noteTitles("communs", { filters: { from: today, to: today } })).toEqual(["Communs A", "Communs B"]);
    expect(await noteTitles("communs", { filters: { to: "2000-01-01" } })).toEqual([]);
    // Filters only notes carry leave the other kinds empty.
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Communs", definitionFr: "Ressources partagées." });
    expect((await find("communs", { filters: { tag: "economie" } })).pages.get("term")!.items).toEqual([]);
  });

  it("pages by offset, and past the end gives an empty page", async () => {
    for (let i = 0; i < 5; i++) await note(`Communs ${i}`, "texte");
    const first = (await find("communs", { kind: "note", limit: 3 })).pages.get("note")!;
    const second = (await find("communs", { kind: "note", limit: 3, offset: 3 })).pages.get("note")!;
    expect(first.items.length).toBe(3);
    expect(first.more).toBe(true);
    expect(second.items.length).toBe(2);
    expect(second.more).toBe(false);
    expect(new Set([...first.items, ...second.items].map(titleOf)).size).toBe(5);
    const past = (await find("communs", { kind: "note", limit: 3, offset: 300 })).pages.get("note")!;
    expect(past).toEqual({ items: [], more: false });
  });

  it("on SQLite, ranks only the most recently indexed matches of a word found nearly everywhere; filters past the first candidates still find", async () => {
    for (let i = 0; i < 6; i++) await note(`Communs ${i}`, i === 0 ? "texte #rare" : "texte", i === 0 ? { tags: ["rare"] } : {});
    const all = await find("communs", { kind: "note" });
    expect(all.pages.get("note")!.items.length).toBe(6);
    const capped = await searchText(services.db, services.dialect, "communs", "note", { viewerId: null, filters: {}, limit: 20, offset: 0, rankedMatches: 3 });
    if (!capped.ok) throw new Error("unparsed");
    const titles = capped.pages.get("note")!.items.map(titleOf).sort();
    if (services.dialect === "sqlite") expect(titles).toEqual(["Communs 3", "Communs 4", "Communs 5"]);
    else expect(titles.length).toBe(6);
    // The oldest note, beyond the first candidates of a one-result page, is still found by its tag.
    const tagged = await searchText(services.db, services.dialect, "communs", "note", { viewerId: null, filters: { tag: "rare" }, limit: 1, offset: 0 });
    expect(tagged.ok && tagged.pages.get("note")!.items.map(titleOf)).toEqual(["Communs 0"]);
  });

  it("is brought up to date in the background by the workers' catch-up loop", async () => {
    await note("Communs", "texte");
    expect(Number((await services.db.selectFrom("search_pending").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    const stop = new AbortController();
    const running = keepSearchIndexUpToDate({ db: services.db, dialect: services.dialect } as DatabaseHandle, stop.signal);
    try {
      await waitUntil(async () => (await services.db.selectFrom("search_pending").select("ref_id").executeTakeFirst()) === undefined);
      const doc = await services.db.selectFrom("search_documents").select(["kind", "listed"]).where("kind", "=", "note").executeTakeFirst();
      expect(doc).toEqual({ kind: "note", listed: 1 });
    } finally {
      stop.abort();
      await running;
    }
  });

  it("never throws on FTS syntax, unbalanced quotes or operators", async () => {
    await note("Communs", "texte");
    for (const text of ['"communs', 'communs" OR', "NEAR(communs", "communs*", "^communs", "title:communs", "communs AND", "(communs", "-communs", "communs NOT NOT"]) {
      const answer = await find(text, { kind: "note" });
      expect(answer.ok, text).toBe(true);
    }
    expect(await noteTitles('"communs')).toEqual(["Communs"]);
    expect(await noteTitles("title:communs")).toEqual([]);
    const nothing = await searchText(services.db, services.dialect, " ' * ( ", null, { viewerId: null, filters: {}, limit: 20, offset: 0 });
    expect(nothing).toEqual({ ok: false, problem: "empty" });
  });
});
