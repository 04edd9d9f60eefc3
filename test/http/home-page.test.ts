// The home page says what the instance is and leads to what there is to read:
// counts, the latest public notes, the communities where discussions are
// happening (public ones only), notebooks and the sister instances; a
// signed-in member gets the "write a note" entry and the news of their own
// communities. A profile lists and links the person's notes, communities and
// notebooks, with "see all" links to the paged lists.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { ensureInstanceActor, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity, type Community } from "../../src/domain/communities.ts";
import { followActor } from "../../src/domain/following.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createNotebook } from "../../src/domain/notebooks.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let alice: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "En commun Laurentides", INSTANCE_DESCRIPTION: "Savoirs partagés des Laurentides" });
  browser = new Browser(createApp(services));
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: true }));
  ({ actor: bob } = await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false }));
});
afterEach(() => services.close());

function community(handle: string, visibility: "public" | "private" = "public"): Promise<Community> {
  return createCommunity(services, alice, parseNewCommunity({ handle, name: `Communauté ${handle}`, visibility }));
}

async function thread(c: Community, title: string) {
  return (await createNote(services, alice, { title, content: `Texte de ${title}`, communities: [c.actor.username] })).note;
}

/** An instance connected to ours as a sister, both ways, with what its NodeInfo said. */
async function sister(host: string, name: string, region: string): Promise<void> {
  const ours = await ensureInstanceActor(services.db, services.config.publicUrl, "En commun Laurentides");
  const theirs = await upsertRemoteActor(services.db, {
    uri: `https://${host}/actors/instance`,
    type: "Application",
    username: host,
    domain: host,
    name,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `https://${host}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
  });
  await recordFollow(services.db, services.config.publicUrl, ours, theirs, { accepted: true });
  await services.db.insertInto("known_instances").values({ host, name, region, created_at: new Date().toISOString() }).execute();
}

describe("the home page", () => {
  it("shows a visitor what the instance is and what there is to read, without the private community's threads", async () => {
    const jardins = await community("jardins");
    const secret = await community("secret", "private");
    await thread(jardins, "Semer en avril");
    await thread(secret, "Discussion réservée");
    await createNote(services, bob, { title: "Une note de Bob", content: "Du texte." });
    const notebook = await createNotebook(services, alice, { title: "Carnet des semences" });
    await sister("outaouais.example", "En commun Outaouais", "Outaouais");

    const { res, page } = await browser.get("/");
    expect(res.status).toBe(200);
    expect(page).toContain("<title>Accueil · En commun Laurentides</title>");
    expect(page).toContain('<p class="lead">Savoirs partagés des Laurentides</p>');
    // Counts: two members, two public notes (the private thread is not public), two communities.
    expect(page).toMatch(/<dt>Membres<\/dt><dd><a href="\/about">2<\/a><\/dd>/);
    expect(page).toMatch(/<dt>Notes publiques<\/dt><dd><a href="\/notes">2<\/a><\/dd>/);
    expect(page).toMatch(/<dt>Communautés<\/dt><dd><a href="\/communities">2<\/a><\/dd>/);
    // Recent notes, linked.
    expect(page).toContain('<h2 id="notes">Notes récentes</h2>');
    expect(page).toMatch(/<a class="p-name u-url" href="\/notes\/[^"]+"[^>]*>Une note de Bob<\/a>/);
    // Active communities with their latest discussions; the private one stays out.
    expect(page).toContain('<h3><a href="/c/jardins">Communauté jardins</a></h3>');
    expect(page).toMatch(/<a href="\/c\/jardins\/t\/[^"]+">Semer en avril<\/a>/);
    expect(page).not.toContain("Discussion réservée");
    expect(page).not.toContain("/c/secret");
    // Notebooks and the network.
    expect(page).toContain(`<a href="/notebooks/${notebook.id}">Carnet des semences</a>`);
    expect(page).toContain('<a href="https://outaouais.example/" rel="noopener">En commun Outaouais</a> <span class="muted">outaouais.example · Outaouais</span>');
    expect(page).toContain('<a href="/network">');
    // Reading needs no account: a visitor is told so, and not offered the writing form.
    expect(page).toContain("Tout ce qui est public ici se lit sans compte.");
    expect(page).not.toContain('href="/notes/new"');
  });

  it("gives a member the write entry and the news of the communities they joined", async () => {
    const jardins = await community("jardins");
    const cuisine = await community("cuisine");
    await followActor(services, bob, jardins.actor);
    await thread(jardins, "Semer en avril");
    await thread(cuisine, "Recettes d'hiver");

    await browser.signIn("bob", PASSWORD);
    const { res, page } = await browser.get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/private/);
    expect(page).toContain('<a class="button primary" href="/notes/new">Écrire une note</a>');
    const news = page.slice(page.indexOf('<h2 id="news">'), page.indexOf('<h2 id="notes">'));
    expect(news).toContain("Nouvelles de vos communautés");
    expect(news).toMatch(/<a href="\/c\/jardins\/t\/[^"]+">Semer en avril<\/a>/);
    expect(news).toContain('<a href="/c/jardins">Communauté jardins</a>');
    // A community they did not join is not their news (it is on the page, among the active ones).
    expect(news).not.toContain("Recettes d&#39;hiver");
    expect(page).toContain("Recettes d&#39;hiver");
  });

  it("speaks English to an English reader, and says when there is nothing yet", async () => {
    const { page } = await browser.get("/", { "accept-language": "en-CA,en;q=0.9" });
    expect(page).toContain("<title>Home · En commun Laurentides</title>");
    expect(page).toContain("Recent notes");
    expect(page).toContain("No public discussion yet.");
    expect(page).toContain("This instance is not connected to any sister instance yet.");
    expect(page).not.toContain("Notes récentes");
  });
});

describe("a profile's lists", () => {
  it("lists and links the person's notes, communities and notebooks, with see-all links when there are more", async () => {
    // Alice created them all, and is a member of each; the profile shows the last she joined first.
    for (let i = 0; i < 9; i++) await community(`groupe${i}`);
    await community("jardins");
    await community("secret", "private");
    for (let i = 0; i < 6; i++) await createNote(services, alice, { title: `Note ${i} d'Alice`, content: "Texte." });
    await createNote(services, alice, { title: "Réservée aux abonné·es", content: "Texte.", visibility: "followers" });
    for (let i = 0; i < 6; i++) await createNotebook(services, alice, { title: `Carnet ${i}` });

    const { page } = await browser.get("/@alice");
    expect(page).toContain('<h2 id="profile-notes">Notes</h2>');
    expect(page).toMatch(/<a class="p-name u-url" href="\/notes\/[^"]+"[^>]*>Note 5 d&#39;Alice<\/a>/);
    expect(page).not.toContain("Réservée aux abonné·es");
    expect(page).toContain('<a href="/@alice/notes">Toutes ses notes</a>');
    expect(page).toContain('<a href="/c/jardins">Communauté jardins</a>');
    // A private community's membership is for its members to know.
    expect(page).not.toContain("/c/secret");
    expect(page).toContain('<a href="/@alice/communities">Toutes ses communautés</a>');
    expect(page).toContain(">Carnet 5</a>");
    expect(page).toContain('<a href="/@alice/notebooks">Tous ses carnets</a>');

    const all = await browser.get("/@alice/communities");
    expect(all.res.status).toBe(200);
    expect(all.page).toContain("<title>Communautés de alice · En commun Laurentides</title>");
    for (let i = 0; i < 9; i++) expect(all.page).toContain(`<a href="/c/groupe${i}">`);
    expect(all.page).not.toContain("/c/secret");
    const notebooks = await browser.get("/@alice/notebooks");
    expect(notebooks.res.status).toBe(200);
    for (let i = 0; i < 6; i++) expect(notebooks.page).toContain(`>Carnet ${i}</a>`);

    // Her own profile shows her private community too.
    await browser.signIn("alice", PASSWORD);
    const own = await browser.get("/@alice/communities");
    expect(own.page).toContain('<a href="/c/secret">');
  });

  it("says so when a person has nothing yet, and has no list pages for unknown people", async () => {
    const { page } = await browser.get("/@bob");
    expect(page).toContain("Aucune note publique pour l&#39;instant.");
    expect(page).toContain("Aucune communauté à afficher.");
    expect(page).toContain("Aucun carnet.");
    expect(page).not.toContain('href="/@bob/notes"');
    expect((await browser.get("/@nobody/communities")).res.status).toBe(404);
    expect((await browser.get("/@nobody/notebooks")).res.status).toBe(404);
  });
});
