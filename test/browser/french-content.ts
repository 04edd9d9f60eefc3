// Realistic French content for the browser tests (accessibility checks and
// the screenshots in docs/): what a regional platform of shared knowledge
// holds after a few weeks, written through the API as its members would.
// Never lorem ipsum: the screenshots are shown to community organizers.
import { expect } from "vitest";
import type { CreatedUser, Instance } from "../harness/harness.ts";
import type { BrowserContext } from "playwright-core";

/** The instance's own description, as an organizer would write it (harness `env`). */
export const FRENCH_INSTANCE = {
  INSTANCE_DESCRIPTION: "La plateforme de savoirs partagés des organismes communautaires des Laurentides : notes de terrain, carnets et communautés de pratique.",
  INSTANCE_REGION: "Laurentides",
  INSTANCE_SECTOR: "Développement des communautés",
  INSTANCE_CONTACT: "bonjour@praxis-laurentides.example",
} as const;

export interface FrenchSite {
  readonly camille: CreatedUser;
  readonly malik: CreatedUser;
  /** Path of the longest note (Markdown, term, tags, links). */
  readonly notePath: string;
  readonly noteId: string;
  /** Path of the community's discussion with replies. */
  readonly threadPath: string;
  readonly communityPath: string;
  readonly profilePath: string;
  readonly notebookPath: string;
  readonly termPath: string;
  readonly organizationPath: string;
}

const NOTES = [
  {
    title: "Les communs numériques, une affaire de territoire",
    summary: "Ce que les ateliers de l'automne nous ont appris sur la gouvernance partagée des données locales.",
    content: `Les **communs numériques** ne sont pas seulement des logiciels libres : ce sont des ressources gérées par une communauté qui en fixe les règles.

## Ce que nous avons retenu

- une ressource partagée (une carte, un jeu de données, un lexique) ;
- une communauté qui y contribue et en prend soin ;
- des règles que cette communauté se donne, et qu'elle peut changer.

> « Rendre l'action de lire visible et valorisée » — un participant de l'atelier de Saint-Jérôme.

Prochaine étape : documenter nos propres règles de contribution dans le carnet partagé.`,
    tags: ["communs", "gouvernance"],
  },
  {
    title: "Agriculture urbaine : bilan de la saison au jardin collectif",
    summary: "Trente-deux bacs, onze familles, et beaucoup de tomates cerises. Ce qui a marché, ce que nous changerons l'an prochain.",
    content: `La saison se termine au jardin collectif du quartier. Trente-deux bacs ont été cultivés par onze familles et deux classes de l'école primaire.

## Ce qui a marché

1. Les corvées d'arrosage partagées, affichées sur la porte du cabanon.
2. Le compost commun, retourné chaque samedi matin.
3. Les semis échangés au printemps avec la grainothèque de la bibliothèque.

## Ce que nous changerons

Installer un récupérateur d'eau de pluie et mieux protéger les bacs du vent du nord-ouest.`,
    tags: ["agricultureurbaine", "jardins"],
  },
  {
    title: "Cartographier les jardins avec OpenStreetMap",
    summary: "Un guide pas à pas pour ajouter un jardin communautaire à la carte libre, sans expertise préalable.",
    content: `Ajouter un jardin communautaire à **OpenStreetMap** prend dix minutes et ne demande aucune connaissance technique.

1. Créez un compte sur openstreetmap.org.
2. Cliquez sur « Modifier » et repérez le jardin sur l'image satellite.
3. Tracez son contour et choisissez « Jardin communautaire ».
4. Ajoutez son nom et ses heures d'ouverture, puis enregistrez.

Nos données de l'atelier sont sous licence ODbL : elles restent un commun.`,
    tags: ["openstreetmap", "cartographie", "jardins"],
  },
] as const;

/** Publishes the notes (one edited, one a draft), a term, an organization, a notebook, a community discussion with likes, and the members' interests; returns the paths to visit. */
export async function seedFrenchSite(a: Instance, camille: CreatedUser): Promise<FrenchSite> {
  const malik = await a.createUser("malik");
  const ok = async (promise: ReturnType<Instance["api"]>, status = 201): Promise<any> => {
    const response = await promise;
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };
  await ok(a.api("PATCH", "/api/v1/me", { name: "Camille Tremblay", summary: "Animatrice en développement des communautés dans les Laurentides. J'écris sur les communs, les jardins et la cartographie libre." }, camille.token), 200);
  await ok(a.api("PATCH", "/api/v1/me", { name: "Malik Bouchard", summary: "Jardinier du dimanche et contributeur OpenStreetMap." }, malik.token), 200);
  // Their interests and region, public, so that "find people and groups" (/find) shows them on its map.
  for (const [user, interests, point] of [
    [camille, ["jardins", "communs", "cartographie"], { latitude: 45.78, longitude: -74.0 }],
    [malik, ["jardins", "openstreetmap"], { latitude: 46.05, longitude: -74.28 }],
  ] as const) {
    await ok(a.api("PATCH", "/api/v1/me", { fields: { interests, region: "15" }, coordinates: point }, user.token), 200);
    await ok(a.api("PATCH", "/api/v1/me/privacy", { profileDetailsPublic: true }, user.token), 200);
  }
  const term = await ok(a.api("POST", "/api/v1/terms", { labelFr: "Commun", labelEn: "Commons", definitionFr: "Une ressource partagée, gérée par la communauté qui l'utilise selon des règles qu'elle se donne.", definitionEn: "A shared resource, managed by the community that uses it under rules it sets for itself." }, camille.token));
  await ok(a.api("POST", "/api/v1/organizations", { username: "jardins-du-nord", name: "Les Jardins du Nord", summary: "Réseau de jardins collectifs des Laurentides." }, camille.token));
  await ok(a.api("POST", "/api/v1/communities", { handle: "agriculture-urbaine", name: "Agriculture urbaine", summary: "Jardins collectifs, toits verts, poulaillers de quartier : on partage ce qui pousse et ce qui coince.", rules: "Respect, entraide, et pas de pesticides de synthèse.", topics: ["Laurentides"] }, camille.token));
  const notes: any[] = [];
  for (const [index, note] of NOTES.entries()) {
    notes.push(await ok(a.api("POST", "/api/v1/notes", { ...note, terms: index === 0 ? [term.slug] : [], organizations: index === 1 ? ["jardins-du-nord"] : [] }, index === 2 ? malik.token : camille.token)));
  }
  await ok(a.api("POST", `/api/v1/notes/${notes[0].id}/like`, undefined, malik.token));
  // A second version, so that the note's history shows what changed (a word diff) and why.
  await ok(a.api("PATCH", `/api/v1/notes/${notes[0].id}`, { content: `${NOTES[0].content}\n\nCompte rendu complet de l'atelier de Saint-Jérôme à venir.`, editSummary: "Ajout du lien vers le compte rendu à venir" }, camille.token), 200);
  // A draft, seen by its author only in "Mes brouillons".
  await ok(a.api("POST", "/api/v1/notes", { title: "Plan de la corvée d'automne", content: "Fermer les bacs, rentrer les tuteurs, semer l'engrais vert.", draft: true }, camille.token));
  await ok(a.api("POST", "/api/v1/follows", { target: "@agriculture-urbaine" }, malik.token));
  const thread = await ok(a.api("POST", "/api/v1/notes", { title: "Qui a des semences de tomates à échanger ?", content: "Je prépare les semis de mars. J'ai des graines de tomates cerises « Black Cherry » en trop ; qui veut échanger contre des haricots grimpants ?", communities: ["agriculture-urbaine"] }, camille.token));
  const reply = await ok(a.api("POST", "/api/v1/notes", { inReplyTo: thread.uri, content: "Moi ! J'ai des haricots « Blue Lake » de l'an dernier. On se voit samedi au jardin ?", communities: ["agriculture-urbaine"] }, malik.token));
  // Likes on the discussion and its reply, so that the thread page shows its counts.
  await ok(a.api("POST", `/api/v1/notes/${thread.id}/like`, undefined, malik.token));
  await ok(a.api("POST", `/api/v1/notes/${reply.id}/like`, undefined, camille.token));
  const notebook = await ok(a.api("POST", "/api/v1/notebooks", { title: "Guide du jardin collectif", summary: "Tout ce qu'il faut pour lancer un jardin collectif dans son quartier." }, camille.token));
  for (const note of notes.slice(1)) await ok(a.api("POST", `/api/v1/notebooks/${notebook.id}/items`, { note: note.id }, camille.token));
  const pathOf = (body: { url?: string; uri: string }): string => new URL(body.url ?? body.uri).pathname;
  return {
    camille,
    malik,
    notePath: pathOf(notes[0]),
    noteId: notes[0].id,
    threadPath: `/c/agriculture-urbaine/t/${thread.id}`,
    communityPath: "/c/agriculture-urbaine",
    profilePath: "/@camille",
    notebookPath: `/notebooks/${notebook.id}`,
    termPath: `/terms/${term.slug}`,
    organizationPath: "/organizations/jardins-du-nord",
  };
}

/** Signs `user` in through the form of the sign-in page, in a context of its own. */
export async function signIn(context: BrowserContext, origin: string, user: CreatedUser): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${origin}/signin`);
  await page.fill('input[name="handle"]', user.handle);
  await page.fill('input[name="password"]', user.password);
  await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);
  expect(new URL(page.url()).pathname).not.toBe("/signin");
  await page.close();
}
