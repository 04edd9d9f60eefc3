// An author's notes (their page `/@name/notes`, the API's author filter, their
// outbox) read note_authors_actor_published_idx in order: no full scan, no
// temporary sort, on SQLite and on PostgreSQL; the cursor pages through every
// note once, newest first, then gives an empty page; note_authors.published_at
// follows the note's (the triggers of migration 20261204T053000).
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { listNotesByAuthor, listPublicNotes } from "../../src/domain/notes.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf, type Plan } from "./query-plans.ts";

const CURSOR = "2026-01-01T00:00:00.000Z|01zzzzzzzzzzzzzzzzzzzzzzzz";

function expectNoCostlySteps(plans: Plan[], count: number): void {
  expect(plans).toHaveLength(count);
  for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
}

describe.each(DATABASES)("an author's notes on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;
  let alice: ActorRow;

  beforeEach(async () => {
    services = current();
    alice = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
  });

  it("the author's page and outbox: first and later pages walk an index in order", async () => {
    const handle = { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
    const plans = await plansOf(handle, async (db) => {
      await listNotesByAuthor(db, alice.id, { includeRestricted: false, limit: 20 });
      await listNotesByAuthor(db, alice.id, { includeRestricted: false, limit: 20, cursor: CURSOR });
      await listPublicNotes(db, { authorId: alice.id, limit: 20 });
      await listPublicNotes(db, { authorId: alice.id, limit: 20, cursor: CURSOR });
    });
    // listPublicNotes also reads the current restrictions and the viewer's hidden accounts (small lookups by key).
    const lists = plans.filter((plan) => /order by/i.test(plan.sql));
    expectNoCostlySteps(lists, 4);
    for (const plan of lists) expect(plan.steps.join("\n")).toMatch(/note_authors_actor_published_idx/);
  });

  it("pages through every note once, newest first, then an empty page; follows a changed publication date", async () => {
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) {
      titles.push(`Note ${i}`);
      const { note } = await createNote(services, alice, { title: `Note ${i}`, content: "Un texte." });
      await services.db.updateTable("notes").set({ published_at: `2026-0${i + 1}-01T00:00:00.000Z` }).where("id", "=", note.id).execute();
    }
    for (const list of ["outbox", "page"] as const) {
      const read = (cursor: string | null) =>
        list === "outbox" ? listNotesByAuthor(services.db, alice.id, { includeRestricted: false, limit: 2, cursor }) : listPublicNotes(services.db, { authorId: alice.id, limit: 2, cursor });
      const seen: string[] = [];
      let cursor: string | null = null;
      let last: string | null = null;
      do {
        const page = await read(cursor);
        seen.push(...page.items.map((n) => n.title ?? ""));
        const tail = page.items[page.items.length - 1];
        if (tail) last = `${tail.published_at}|${tail.id}`;
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, list).toEqual([...titles].reverse());
      expect((await read(last)).items, list).toEqual([]);
    }
  });
});
