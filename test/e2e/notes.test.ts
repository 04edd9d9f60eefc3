// Praxis notes across two real instances: a follower on B receives alice's
// note from A with every field, then its edits, then its deletion.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type CreatedUser, type Instance } from "../harness/harness.ts";
import { png } from "../fixtures/media/samples.ts";
import { signRequest } from "@fedify/fedify";
import { privateKeyOf } from "./support/signing.ts";

const AP = { Accept: "application/activity+json" };

async function upload(instance: Instance, user: CreatedUser, bytes: Uint8Array, name: string, description: string) {
  const form = new FormData();
  form.set("file", new Blob([bytes as BlobPart]), name);
  form.set("description", description);
  const response = await instance.fetch("/api/v1/media", { method: "POST", headers: { Authorization: `Bearer ${user.token}` }, body: form });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; url: string; mediaType: string };
}

describe("notes across instances", () => {
  const net = useInstances(2);

  it("a follower on B receives a note with every field, its edit and its deletion", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const carol = await a.createUser("carol");
    const bob = await b.createUser("bob");
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.total === 1, { message: "bob follows alice" });

    const term = await a.api("POST", "/api/v1/terms", { labelFr: "Économie sociale", labelEn: "Social economy", definitionFr: "Entreprises collectives." }, alice.token);
    expect(term.status).toBe(201);
    const image = await upload(a, alice, png(), "jardin.png", "Un jardin collectif");
    expect(image.mediaType).toBe("image/png");
    const created = await a.api(
      "POST",
      "/api/v1/notes",
      {
        title: "Les jardins collectifs des Laurentides",
        summary: "Ce que nous avons appris en trois saisons.",
        content: "## Ce qui marche\n\nDes **corvées** partagées et un [guide](https://example.org/guide).\n\n<script>alert(1)</script>",
        language: "fr",
        license: "cc-by-nc-sa-4.0",
        visibility: "public",
        tags: ["jardins", "Économie sociale"],
        authors: [a.handle("alice"), a.handle("carol")],
        links: ["https://example.org/notes/ailleurs"],
        terms: ["economie-sociale"],
        attachments: [image.id],
        translations: [{ language: "en", title: "Community gardens of the Laurentians", content: "What we **learned**." }],
      },
      alice.token,
    );
    expect(created.status).toBe(201);
    // carol, named among the authors, co-signs once she accepts.
    const [invitation] = (await a.api("GET", "/api/v1/coauthorships", undefined, carol.token)).body.items;
    const note = (await a.api("POST", `/api/v1/coauthorships/${invitation.id}/accept`, undefined, carol.token)).body;
    expect(note.uri).toMatch(new RegExp(`^${a.origin}/notes/`));
    expect(note.url).toBe(note.uri);
    expect(note.contentHtml).not.toContain("<script");

    // The Article as served (and as sent in the Create) has every field of the mapping.
    const article = await (await a.fetch(note.uri, { headers: AP })).json();
    expect(article).toMatchObject({
      type: "Article",
      id: note.uri,
      url: note.uri,
      name: "Les jardins collectifs des Laurentides",
      nameMap: { fr: "Les jardins collectifs des Laurentides", en: "Community gardens of the Laurentians" },
      source: { mediaType: "text/markdown" },
      to: "https://www.w3.org/ns/activitystreams#Public",
      replies: `${note.uri}/replies`,
      // Embedded with their counts, as Mastodon serves them (light participation).
      likes: { id: `${note.uri}/likes`, type: "Collection", totalItems: 0 },
      shares: { id: `${note.uri}/shares`, type: "Collection", totalItems: 0 },
      context: `${note.uri}/context`,
    });
    // No summary (a content warning on Note-reading servers): the content carries title, lead and link.
    expect(article.summary).toBeUndefined();
    expect(article.content).toMatch(/^<p><strong>Les jardins collectifs des Laurentides<\/strong><\/p><p><em>Ce que nous avons appris en trois saisons.<\/em><\/p>/);
    expect(article.content).toContain(`<p><a href="${note.uri}">${note.uri}</a></p>`);
    expect(article.contentMap.fr).toContain("<strong>corvées</strong>");
    expect(article.contentMap.en).toContain("<strong>learned</strong>");
    expect(article.attributedTo).toEqual([note.authors[0].uri, note.authors[1].uri]);
    // Outside communities, the conversation belongs to the first author (FEP-7888).
    const context = await (await a.fetch(article.context, { headers: AP })).json();
    expect(context).toMatchObject({ type: "OrderedCollection", attributedTo: note.authors[0].uri });
    expect(article.published).toBeTruthy();
    expect(article.tag).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "Hashtag", name: "#jardins" }),
        expect.objectContaining({ type: "Hashtag", name: "#economiesociale", href: `${a.origin}/terms/economie-sociale` }),
        expect.objectContaining({ type: "Link", rel: "license", href: "https://creativecommons.org/licenses/by-nc-sa/4.0/" }),
        expect.objectContaining({ type: "Link", href: "https://example.org/notes/ailleurs" }),
      ]),
    );
    // JSON-LD compaction writes a one-item list as a single value.
    expect([article.attachment].flat()).toEqual([expect.objectContaining({ type: "Image", mediaType: "image/png", url: image.url, name: "Un jardin collectif" })]);
    expect(article.interactionPolicy.canQuote.automaticApproval).toBe("https://www.w3.org/ns/activitystreams#Public");
    expect(article.preview).toMatchObject({ type: "Note" });
    expect((await a.fetch(image.url)).status).toBe(200);

    // B stored it with every field, as given.
    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
      return seen.status === 200 && seen.body.authors.length === 2 ? seen.body : null;
    }, { message: "the note reached B with carol among its authors" });
    expect(onB).toMatchObject({
      local: false,
      title: "Les jardins collectifs des Laurentides",
      summary: "Ce que nous avons appris en trois saisons.",
      content: note.content,
      language: "fr",
      license: { uri: "https://creativecommons.org/licenses/by-nc-sa/4.0/", id: "cc-by-nc-sa-4.0" },
      visibility: "public",
      publishedAt: note.publishedAt,
      links: ["https://example.org/notes/ailleurs"],
    });
    expect(onB.authors.map((x: { handle: string }) => x.handle)).toEqual([`@alice@${a.host}`, `@carol@${a.host}`]);
    expect(onB.tags.sort()).toEqual(["jardins", "Économie_sociale"].sort());
    expect(onB.attachments).toEqual([expect.objectContaining({ url: image.url, mediaType: "image/png", kind: "image" })]);
    expect(onB.translations).toEqual([expect.objectContaining({ language: "en", title: "Community gardens of the Laurentians" })]);
    expect(onB.contentHtml).toContain("<strong>corvées</strong>");
    // The frame (title, lead, link) is taken off again: the body is stored as written.
    expect(onB.contentHtml).not.toContain("Laurentides</strong>");
    expect(onB.contentHtml).not.toContain(`href="${note.uri}"`);
    // The lexicon term keeps its identity (its page on A), not the folded hashtag text.
    expect(onB.terms).toEqual([expect.objectContaining({ uri: `${a.origin}/terms/economie-sociale`, labelFr: "Économie sociale", labelEn: "Social economy" })]);
    const termJson = await (await b.fetch(`${a.origin}/terms/economie-sociale`, { headers: AP })).json();
    expect(termJson.nameMap).toEqual({ fr: "Économie sociale", en: "Social economy" });

    // An edit reaches B as an Update with a newer `updated`.
    const edited = await a.api("PATCH", `/api/v1/notes/${note.id}`, { title: "Les jardins collectifs (mise à jour)", content: "Nouvelle version." }, alice.token);
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(2);
    await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
      return seen.body.title === "Les jardins collectifs (mise à jour)" && seen.body.contentHtml.includes("Nouvelle version.");
    }, { message: "the Update reached B" });
    const revisions = await a.api("GET", `/api/v1/notes/${note.id}/revisions`, undefined, alice.token);
    expect(revisions.body.items.map((r: { number: number }) => r.number)).toEqual([2, 1]);

    // Deletion: A answers 410 with a Tombstone, B removes it.
    expect((await a.api("DELETE", `/api/v1/notes/${note.id}`, undefined, alice.token)).status).toBe(204);
    const gone = await a.fetch(note.uri, { headers: AP });
    expect(gone.status).toBe(410);
    expect((await gone.json()).type).toBe("Tombstone");
    await waitFor(async () => (await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token)).status === 410, {
      message: "the Delete reached B",
    });
  });

  it("refuses edits by non-authors and keeps restricted notes from strangers", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const dora = await a.createUser("dora");
    const emile = await a.createUser("emile");
    const private1 = await a.api("POST", "/api/v1/notes", { title: "Pour mes abonné·es", content: "Réservé.", visibility: "followers" }, dora.token);
    expect(private1.status).toBe(201);
    expect((await a.api("PATCH", `/api/v1/notes/${private1.body.id}`, { title: "Piraté" }, emile.token)).status).toBe(403);
    expect((await a.api("DELETE", `/api/v1/notes/${private1.body.id}`, undefined, emile.token)).status).toBe(403);
    expect((await a.api("GET", `/api/v1/notes/${private1.body.id}`, undefined, emile.token)).status).toBe(404);
    // Unsigned fetches of a followers-only Article are refused.
    const anonymous = await b.fetch(private1.body.uri, { headers: AP });
    expect([401, 403, 404]).toContain(anonymous.status);

    // A follower on B receives it and may fetch it signed; a stranger's signed fetch is refused.
    const fan = await b.createUser("fan");
    const stranger = await b.createUser("etranger");
    await b.api("POST", "/api/v1/follows", { target: a.handle("dora") }, fan.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, fan.token)).body.items[0]?.status === "accepted");
    const restricted = (await a.api("POST", "/api/v1/notes", { title: "Réservé aux abonné·es", content: "Entre nous.", visibility: "followers" }, dora.token)).body;
    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(restricted.uri)}`, undefined, fan.token);
      return seen.status === 200 ? seen.body : null;
    }, { message: "the followers-only note reached the follower's instance" });
    expect(onB.visibility).toBe("followers");
    expect((await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(restricted.uri)}`, undefined, stranger.token)).status).toBe(404);
    const signedGet = async (user: CreatedUser) => {
      const uri = (await b.api("GET", "/api/v1/me", undefined, user.token)).body.uri;
      const key = await privateKeyOf(b, uri);
      const request = await signRequest(new Request(restricted.uri, { headers: AP }), key, new URL(`${uri}#main-key`));
      return a.fetch(restricted.uri, { headers: request.headers });
    };
    expect((await signedGet(fan)).status).toBe(200);
    expect([401, 403, 404]).toContain((await signedGet(stranger)).status);
  });

  it("a notebook on A containing a note from B is served as an OrderedCollection and federated with Add/Remove", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const curator = await a.createUser("curatrice");
    const reader = await b.createUser("lectrice");
    const author = await b.createUser("auteur");
    const remoteNote = (await b.api("POST", "/api/v1/notes", { title: "Une note de B", content: "Savoirs sectoriels." }, author.token)).body;
    const localNote = (await a.api("POST", "/api/v1/notes", { title: "Une note de A", content: "Savoirs régionaux." }, curator.token)).body;
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("curatrice") }, reader.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, reader.token)).body.total === 1, { message: "the reader follows the curator" });

    const notebook = await a.api("POST", "/api/v1/notebooks", { title: "Atelier 3 - S'inspirer", summary: "Des plateformes inspirantes." }, curator.token);
    expect(notebook.status).toBe(201);
    const section = await a.api("POST", `/api/v1/notebooks/${notebook.body.id}/sections`, { title: "Partie 1" }, curator.token);
    expect(section.status).toBe(201);
    expect((await a.api("POST", `/api/v1/notebooks/${notebook.body.id}/items`, { note: localNote.uri }, curator.token)).status).toBe(201);
    const added = await a.api("POST", `/api/v1/notebooks/${notebook.body.id}/items`, { note: remoteNote.uri, section: section.body.id }, curator.token);
    expect(added.status).toBe(201);

    const collection = await (await a.fetch(notebook.body.uri, { headers: AP })).json();
    expect(collection).toMatchObject({ type: "OrderedCollection", id: notebook.body.uri, name: "Atelier 3 - S'inspirer", totalItems: 2 });
    expect(collection.orderedItems).toEqual([localNote.uri, remoteNote.uri]);
    expect([collection.attributedTo].flat()).toEqual([notebook.body.curators[0].uri]);

    // The Add reached the reader's instance, which now keeps the notebook with both notes.
    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notebooks/by-uri?uri=${encodeURIComponent(notebook.body.uri)}`, undefined, reader.token);
      return seen.status === 200 && seen.body.items.length === 2 ? seen.body : null;
    }, { message: "the Add reached B" });
    expect(onB.items.map((i: { noteUri: string }) => i.noteUri)).toEqual([localNote.uri, remoteNote.uri]);

    // Removing the note from B is federated as Remove.
    expect((await a.api("DELETE", `/api/v1/notebooks/${notebook.body.id}/items/${added.body.id}`, undefined, curator.token)).status).toBe(204);
    await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notebooks/by-uri?uri=${encodeURIComponent(notebook.body.uri)}`, undefined, reader.token);
      return seen.body.items.length === 1;
    }, { message: "the Remove reached B" });
  });
});
