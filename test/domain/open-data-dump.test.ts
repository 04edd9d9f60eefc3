// The public data dump: public content with its licences, as JSON-LD and CSV
// with a README; planted private, followers-only, community-only and unlisted
// notes (and the notes of a member who refused search) never appear in it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { addItem, createNotebook } from "../../src/domain/notebooks.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { writeDump } from "../../src/domain/open-data/write-dump.ts";
import type { Services } from "../../src/services.ts";
import { freshPostgres } from "../helpers/databases.ts";
import { testServices } from "../helpers/services.ts";
import { useCliSandbox } from "../cli/sandbox.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function servicesOn(database: "sqlite" | "postgres"): Promise<Services> {
  const sqlite = await testServices();
  cleanups.push(() => sqlite.close());
  if (database === "sqlite") return sqlite;
  const pg = await freshPostgres();
  cleanups.push(() => pg.close());
  return { ...sqlite, db: pg.db, dialect: pg.dialect };
}

const SECRET = ["Carnet privé des abonnés", "Note non listée", "Réservé à la communauté", "Note d'une personne discrète", "Biographie de Alice"];

async function plant(services: Services) {
  const origin = services.config.publicUrl;
  const { actor: alice } = await createUser(services.db, origin, { handle: "alice", password: "correct horse battery", isAdmin: false });
  await services.db.updateTable("actors").set({ name: "Alice Tremblay", summary: SECRET[4] }).where("id", "=", alice.id).execute();
  const { actor: discreet } = await createUser(services.db, origin, { handle: "discrete", password: "correct horse battery", isAdmin: false });
  await services.db.updateTable("actors").set({ indexable: 0 }).where("id", "=", discreet.id).execute();

  const open = await createNote(services, alice, { title: "Les communs d'Ostrom", content: "Des \"communs\", des règles.", license: "cc-by-sa-4.0", tags: ["communs"] });
  const followers = await createNote(services, alice, { title: SECRET[0], content: "secret", visibility: "followers" });
  const unlisted = await createNote(services, alice, { title: SECRET[1], content: "pas dans les listes", visibility: "unlisted" });
  const community = await createNote(services, alice, { title: SECRET[2], content: "entre membres" });
  // A note posted in a private community is stored with this visibility.
  await services.db.updateTable("notes").set({ visibility: "community" }).where("id", "=", community.note.id).execute();
  await createNote(services, discreet, { title: SECRET[3], content: "ne me trouvez pas" });
  const deleted = await createNote(services, alice, { title: "Note supprimée", content: "partie" });
  await services.db.updateTable("notes").set({ deleted_at: new Date().toISOString() }).where("id", "=", deleted.note.id).execute();

  const notebook = await createNotebook(services, alice, { title: "Carnet des communs" });
  await addItem(services, alice, notebook.id, { note: open.note.id });
  await addItem(services, alice, notebook.id, { note: unlisted.note.id });
  await createTerm(services.db, origin, { labelFr: "Économie sociale", labelEn: "Social economy", definitionFr: "Des entreprises…", aliases: ["ESS"] });
  await createOrganization(services, alice, { username: "pamapam", name: "Pam a Pam", summary: "Une carte" });
  return { alice, open: open.note, followers: followers.note, unlisted: unlisted.note };
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

describe.each(["sqlite", "postgres"] as const)("public data dump (%s)", (database) => {
  it("writes public notes, notebooks, terms and organizations with licences, and nothing private", async () => {
    const services = await servicesOn(database);
    const planted = await plant(services);
    const dir = mkdtempSync(join(tmpdir(), "encommun-dump-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    const counts = await writeDump(services.db, dir, "test.example");
    expect(counts).toEqual({ notes: 1, notebooks: 1, terms: 1, organizations: 1 });
    expect(readdirSync(dir).sort()).toEqual([
      "README.md", "notebooks.csv", "notebooks.jsonld", "notes.csv", "notes.jsonld", "organizations.csv", "organizations.jsonld", "terms.csv", "terms.jsonld",
    ]);

    const notes = JSON.parse(read(dir, "notes.jsonld"));
    expect(notes["@context"]).toBe("https://schema.org/");
    expect(notes["@graph"]).toHaveLength(1);
    expect(notes["@graph"][0]).toMatchObject({
      "@id": planted.open.uri,
      "@type": "Article",
      headline: "Les communs d'Ostrom",
      license: "https://creativecommons.org/licenses/by-sa/4.0/",
      keywords: ["communs"],
      author: [{ "@id": planted.alice.uri, name: "Alice Tremblay", alternateName: "@alice@test.example" }],
    });
    const csv = read(dir, "notes.csv").split("\r\n");
    expect(csv[0]).toContain('"license_id","license_uri"');
    expect(csv[1]).toContain('"cc-by-sa-4.0","https://creativecommons.org/licenses/by-sa/4.0/"');
    expect(csv[1]).toContain('"Des ""communs"", des règles."');
    expect(csv.filter((l) => l !== "")).toHaveLength(2);

    const notebooks = JSON.parse(read(dir, "notebooks.jsonld"))["@graph"];
    expect(notebooks[0]).toMatchObject({ "@type": "Collection", name: "Carnet des communs", hasPart: [{ "@id": planted.open.uri }] });
    const terms = JSON.parse(read(dir, "terms.jsonld"))["@graph"];
    expect(terms[0]).toMatchObject({ "@type": "DefinedTerm", termCode: "economie-sociale", alternateName: ["ESS"] });
    const organizations = JSON.parse(read(dir, "organizations.jsonld"))["@graph"];
    expect(organizations).toEqual([expect.objectContaining({ "@type": "Organization", name: "Pam a Pam", alternateName: "@pamapam@test.example" })]);
    expect(read(dir, "README.md")).toContain("| notes.jsonld, notes.csv | public notes | 1 |");

    const everything = readdirSync(dir).map((f) => read(dir, f)).join("\n");
    for (const secret of SECRET) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(planted.followers.uri);
    expect(everything).not.toContain(planted.unlisted.uri);
    expect(everything).not.toContain("Note supprimée");
    expect(everything).not.toContain("discrete");
  });
});

describe("encommun dump", () => {
  const { cli } = useCliSandbox();

  it("writes the dump into the folder it is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encommun-dump-cli-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { code, out } = await cli(["dump", join(dir, "open-data")]);
    expect(code).toBe(0);
    expect(out.at(-1)).toBe(`Wrote 0 notes, 0 notebooks, 0 terms and 0 organizations to ${join(dir, "open-data")}`);
    expect(JSON.parse(read(join(dir, "open-data"), "notes.jsonld"))).toEqual({ "@context": "https://schema.org/", "@graph": [] });
    expect(read(join(dir, "open-data"), "README.md")).toContain("# Open data of cli.example");
  });

  it("refuses a missing folder with the usage", async () => {
    const { code, err } = await cli(["dump"]);
    expect(code).toBe(2);
    expect(err).toContain("Missing folder: dump <dir>");
  });
});
