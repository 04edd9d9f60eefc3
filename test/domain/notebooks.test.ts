import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import {
  addCurator,
  addItem,
  createNotebook,
  createSection,
  deleteNotebook,
  deleteSection,
  findNotebook,
  isCurator,
  listNotebooks,
  loadNotebook,
  moveItem,
  notebooksContaining,
  orderedItems,
  parseNotebookInput,
  removeCurator,
  removeItem,
  requireNotebook,
  updateNotebook,
  updateSection,
  type NotebookView,
} from "../../src/domain/notebooks.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"]): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

/** Section titles with their items' note URIs, in reading order. */
function outline(view: NotebookView): [string | null, string[]][] {
  return [
    [null, view.items.map((i) => i.item.note_uri)],
    ...view.sections.map(({ section, items }): [string, string[]] => [section.title, items.map((i) => i.item.note_uri)]),
  ];
}

describe("parseNotebookInput", () => {
  it("reports every problem at once", () => {
    expect(() => parseNotebookInput({ title: "", coverUrl: "javascript:alert(1)", summary: 3 })).toThrow(
      /title is required.*summary must be a string.*coverUrl must be an http\(s\) URL|summary must be a string.*title is required/,
    );
    expect(parseNotebookInput({ title: "  Atelier  ", summary: " ", coverUrl: "https://img.example/c.png" })).toEqual({
      title: "Atelier",
      summary: null,
      coverUrl: "https://img.example/c.png",
    });
  });

  it("keeps the base for absent fields when editing", () => {
    const base = { title: "T", summary: "S", coverUrl: null };
    expect(parseNotebookInput({ summary: null }, base)).toEqual({ title: "T", summary: null, coverUrl: null });
  });
});

describe.each(DATABASES)("notebooks on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  const current = useServices(open);

  beforeEach(async () => {
    const base = current();
    // Local handles and URLs resolve; anything else would be a network lookup.
    services = Object.assign(base, {
      directory: {
        resolve: async (query: string) => {
          const handle = parseHandle(query);
          const actor = handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query);
          return actor ?? null;
        },
      },
    });
    const origin = services.config.publicUrl;
    ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: "correct horse battery", isAdmin: false }));
    ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: "correct horse battery", isAdmin: false }));
  });

  async function note(title: string, visibility = "public") {
    const { note } = await createNote(services, alice, { title, content: `Contenu de ${title}`, visibility });
    services.sent.length = 0;
    return note;
  }

  it("creates a notebook whose creator is the first curator, with uri and url", async () => {
    const notebook = await createNotebook(services, alice, { title: "Atelier 1 - Explorer", summary: "Le parcours", coverUrl: "https://img.example/c.png" });
    expect(notebook.uri).toBe(`https://test.example/notebooks/${notebook.id}`);
    expect(notebook.url).toBe(notebook.uri);
    expect(notebook.is_local).toBe(1);
    const view = await loadNotebook(services.db, notebook);
    expect(view.curators.map((c) => c.username)).toEqual(["alice"]);
    expect(view.items).toEqual([]);
    expect(await isCurator(services.db, notebook.id, alice.id)).toBe(true);
    expect(await isCurator(services.db, notebook.id, bob.id)).toBe(false);
    expect(services.sent).toEqual([]);
  });

  it("lets only curators change it (403), and emits notebook-updated", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    await expectDomainError(updateNotebook(services, bob, notebook.id, { title: "À moi" }), "forbidden");
    await expectDomainError(createSection(services, bob, notebook.id, { title: "S" }), "forbidden");
    await expectDomainError(addItem(services, bob, notebook.id, { note: "https://remote.example/notes/1" }), "forbidden");
    await expectDomainError(deleteNotebook(services, bob, notebook.id), "forbidden");
    await expectDomainError(addCurator(services, bob, notebook.id, "@bob@test.example"), "forbidden");
    expect(services.sent).toEqual([]);

    const updated = await updateNotebook(services, alice, notebook.id, { summary: "Nouveau résumé" });
    expect(updated).toMatchObject({ title: "Carnet", summary: "Nouveau résumé" });
    expect(services.sent).toEqual([{ type: "notebook-updated", notebookId: notebook.id }]);
    await expectDomainError(updateNotebook(services, alice, notebook.id, { title: "" }), "invalid");
    await expectDomainError(updateNotebook(services, alice, "nope", { title: "x" }), "not_found");
  });

  it("adds and removes curators (never the last one)", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const curators = await addCurator(services, alice, notebook.id, "@bob@test.example");
    expect(curators.map((c) => c.username)).toEqual(["alice", "bob"]);
    expect(await isCurator(services.db, notebook.id, bob.id)).toBe(true);
    expect((await addCurator(services, bob, notebook.id, "@bob@test.example")).length).toBe(2);
    await expectDomainError(addCurator(services, alice, notebook.id, "@nobody@test.example"), "not_found");
    expect((await removeCurator(services, bob, notebook.id, "@alice@test.example")).map((c) => c.username)).toEqual(["bob"]);
    await expectDomainError(removeCurator(services, bob, notebook.id, "@bob@test.example"), "conflict");
    await expectDomainError(updateNotebook(services, alice, notebook.id, { title: "x" }), "forbidden");
    expect(services.sent.filter((i) => i.type === "notebook-updated").length).toBe(2);
  });

  it("lets members of a curating organization act for it", async () => {
    const org = await createOrganization(services, bob, { username: "cdc" });
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    await addCurator(services, alice, notebook.id, "@cdc@test.example");
    expect(await isCurator(services.db, notebook.id, bob.id)).toBe(true);
    await updateNotebook(services, bob, notebook.id, { title: "Carnet de la CDC" });
    expect((await loadNotebook(services.db, (await findNotebook(services.db, notebook.id))!)).curators.map((c) => c.id)).toEqual([alice.id, org.id]);
  });

  it("adds local and remote notes at positions, in sections, and emits item intents", async () => {
    const n1 = await note("Un");
    const n2 = await note("Deux");
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const remote = "https://remote.example/notes/42";
    const i1 = await addItem(services, alice, notebook.id, { note: n1.id });
    const i2 = await addItem(services, alice, notebook.id, { note: remote, position: 0 });
    const section = await createSection(services, alice, notebook.id, { title: "Atelier 1" });
    await addItem(services, alice, notebook.id, { note: n2.uri, section: section.id, position: 5 });
    expect(i1.note_uri).toBe(n1.uri);
    expect(i2.position).toBe(0);

    const view = await loadNotebook(services.db, (await findNotebook(services.db, notebook.id))!);
    expect(outline(view)).toEqual([
      [null, [remote, n1.uri]],
      ["Atelier 1", [n2.uri]],
    ]);
    const [remoteItem, localItem] = view.items;
    expect(remoteItem).toMatchObject({ note: null, unavailable: false, authors: [] });
    expect(localItem!.note?.title).toBe("Un");
    expect(localItem!.authors.map((a) => a.username)).toEqual(["alice"]);
    expect(orderedItems(view).map((i) => i.item.note_uri)).toEqual([remote, n1.uri, n2.uri]);
    expect(services.sent).toEqual([
      { type: "notebook-item-added", notebookId: notebook.id, noteUri: n1.uri },
      { type: "notebook-item-added", notebookId: notebook.id, noteUri: remote },
      { type: "notebook-updated", notebookId: notebook.id },
      { type: "notebook-item-added", notebookId: notebook.id, noteUri: n2.uri },
    ]);
    expect((await notebooksContaining(services.db, [n2.uri])).map((n) => n.id)).toEqual([notebook.id]);
  });

  it("refuses duplicates, unknown local notes, restricted notes and other schemes", async () => {
    const n1 = await note("Un");
    const hidden = await note("Pour mes abonné·es", "followers");
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    await addItem(services, alice, notebook.id, { note: n1.uri });
    await expectDomainError(addItem(services, alice, notebook.id, { note: n1.id }), "conflict");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "01nope" }), "not_found");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "https://test.example/notes/01nope" }), "not_found");
    await expectDomainError(addItem(services, alice, notebook.id, { note: hidden.id }), "invalid");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "javascript:alert(1)" }), "invalid");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "https://remote.example/n", section: "nope" }), "not_found");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "https://remote.example/n", position: -1 }), "invalid");
    expect(services.sent.length).toBe(1);
  });

  it("hides notes that stopped being public", async () => {
    const n1 = await note("Un");
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    await addItem(services, alice, notebook.id, { note: n1.id });
    await updateNote(services, alice, n1.id, { visibility: "followers" });
    const view = await loadNotebook(services.db, notebook);
    expect(view.items[0]).toMatchObject({ note: null, unavailable: true, authors: [] });
  });

  it("moves items within and across sections, keeping positions dense", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const s1 = await createSection(services, alice, notebook.id, { title: "S1" });
    const s2 = await createSection(services, alice, notebook.id, { title: "S2" });
    const uris = ["a", "b", "c", "d"].map((x) => `https://remote.example/notes/${x}`);
    const items = [];
    for (const uri of uris) items.push(await addItem(services, alice, notebook.id, { note: uri, section: s1.id }));
    services.sent.length = 0;

    await moveItem(services, alice, notebook.id, items[0]!.id, { position: 2 });
    let view = await loadNotebook(services.db, notebook);
    expect(outline(view)[1]).toEqual(["S1", [uris[1], uris[2], uris[0], uris[3]]]);

    await moveItem(services, alice, notebook.id, items[3]!.id, { position: 0 });
    await moveItem(services, alice, notebook.id, items[2]!.id, { section: s2.id });
    await moveItem(services, alice, notebook.id, items[1]!.id, { section: null, position: 9 });
    view = await loadNotebook(services.db, notebook);
    expect(outline(view)).toEqual([
      [null, [uris[1]]],
      ["S1", [uris[3], uris[0]]],
      ["S2", [uris[2]]],
    ]);
    for (const group of [view.items, ...view.sections.map((s) => s.items)]) {
      expect(group.map((i) => i.item.position)).toEqual(group.map((_, index) => index));
    }
    expect(services.sent).toEqual(Array(4).fill({ type: "notebook-updated", notebookId: notebook.id }));

    await removeItem(services, alice, notebook.id, items[3]!.id);
    view = await loadNotebook(services.db, notebook);
    expect(view.sections[0]!.items.map((i) => [i.item.note_uri, i.item.position])).toEqual([[uris[0], 0]]);
    expect(services.sent.at(-1)).toEqual({ type: "notebook-item-removed", notebookId: notebook.id, noteUri: uris[3] });
    await expectDomainError(removeItem(services, alice, notebook.id, items[3]!.id), "not_found");
  });

  it("renames, reorders and deletes sections; a deleted section's items join the end of the loose ones", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const a = await createSection(services, alice, notebook.id, { title: "A" });
    const b = await createSection(services, alice, notebook.id, { title: "B" });
    const c = await createSection(services, alice, notebook.id, { title: "C", position: 0 });
    let view = await loadNotebook(services.db, notebook);
    expect(view.sections.map((s) => [s.section.title, s.section.position])).toEqual([["C", 0], ["A", 1], ["B", 2]]);

    await updateSection(services, alice, notebook.id, c.id, { title: "Conclusion", position: 99 });
    await updateSection(services, alice, notebook.id, b.id, { position: 0 });
    view = await loadNotebook(services.db, notebook);
    expect(view.sections.map((s) => [s.section.title, s.section.position])).toEqual([["B", 0], ["A", 1], ["Conclusion", 2]]);

    await addItem(services, alice, notebook.id, { note: "https://remote.example/notes/loose" });
    await addItem(services, alice, notebook.id, { note: "https://remote.example/notes/a1", section: a.id });
    await addItem(services, alice, notebook.id, { note: "https://remote.example/notes/a2", section: a.id });
    await deleteSection(services, alice, notebook.id, a.id);
    view = await loadNotebook(services.db, notebook);
    expect(view.sections.map((s) => [s.section.title, s.section.position])).toEqual([["B", 0], ["Conclusion", 1]]);
    expect(view.items.map((i) => [i.item.note_uri.split("/").pop(), i.item.position])).toEqual([["loose", 0], ["a1", 1], ["a2", 2]]);
    await expectDomainError(updateSection(services, alice, notebook.id, a.id, { title: "x" }), "not_found");
    await expectDomainError(createSection(services, alice, notebook.id, { title: " " }), "invalid");
    await expectDomainError(deleteSection(services, bob, notebook.id, b.id), "forbidden");
  });

  it("deletes a notebook as a tombstone (410), listed no more", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const other = await createNotebook(services, bob, { title: "Autre" });
    await addItem(services, alice, notebook.id, { note: "https://remote.example/notes/1" });
    expect((await listNotebooks(services.db, { limit: 10 })).items.map((s) => [s.notebook.title, s.itemCount])).toEqual([
      ["Autre", 0],
      ["Carnet", 1],
    ]);
    await deleteNotebook(services, alice, notebook.id);
    expect((await findNotebook(services.db, notebook.id))?.deleted_at).not.toBeNull();
    await expectDomainError(requireNotebook(services.db, notebook.id), "gone");
    await expectDomainError(addItem(services, alice, notebook.id, { note: "https://remote.example/notes/2" }), "gone");
    expect((await listNotebooks(services.db, { limit: 10 })).items.map((s) => s.notebook.id)).toEqual([other.id]);
  });

  it("pages the list and filters by curator", async () => {
    for (const title of ["Un", "Deux", "Trois"]) await createNotebook(services, alice, { title });
    await createNotebook(services, bob, { title: "De Bob" });
    const first = await listNotebooks(services.db, { limit: 2 });
    expect(first.items.map((s) => s.notebook.title)).toEqual(["De Bob", "Trois"]);
    expect(first.items[0]!.curators.map((c) => c.username)).toEqual(["bob"]);
    const second = await listNotebooks(services.db, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((s) => s.notebook.title)).toEqual(["Deux", "Un"]);
    expect(second.nextCursor).toBeNull();
    expect((await listNotebooks(services.db, { limit: 10, curatorId: bob.id })).items.map((s) => s.notebook.title)).toEqual(["De Bob"]);
  });
});
