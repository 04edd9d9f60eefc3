import { beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.ts";
import {
  createTerm,
  deleteTerm,
  findLocalTerm,
  foldForSearch,
  listTerms,
  searchTerms,
  slugify,
  termAliases,
  termLabel,
  updateTerm,
} from "../../src/domain/terms.ts";
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

describe("folding", () => {
  it("ignores accents, case and punctuation", () => {
    expect(foldForSearch("  Économie SOCIALE — et solidaire ")).toBe("economie sociale et solidaire");
    expect(slugify("Économie sociale")).toBe("economie-sociale");
  });
});

describe.each(DATABASES)("lexicon terms on $name", ({ open }) => {
  let services: TestServices;
  let origin: URL;
  const current = useServices(open);
  beforeEach(() => {
    services = current();
    origin = services.config.publicUrl;
  });

  it("creates terms with a slug from the French label, then the English one", async () => {
    const term = await createTerm(services.db, origin, { labelFr: "Économie sociale", labelEn: "Social economy", aliases: ["ESS"] });
    expect(term).toMatchObject({ slug: "economie-sociale", uri: "https://test.example/terms/economie-sociale", is_local: 1 });
    expect(termAliases(term)).toEqual(["ESS"]);
    expect(termLabel(term, "en")).toBe("Social economy");
    expect((await createTerm(services.db, origin, { labelFr: "", labelEn: "Commons" })).slug).toBe("commons");
    await expectDomainError(createTerm(services.db, origin, { labelFr: "Économie  sociale" }), "conflict");
    await expectDomainError(createTerm(services.db, origin, {}), "invalid");
    await expectDomainError(createTerm(services.db, origin, { labelFr: "X", slug: "Pas Un Slug" }), "invalid");
  });

  it("updates only the given fields", async () => {
    const term = await createTerm(services.db, origin, { labelFr: "Tiers-lieu", definitionFr: "Un lieu" });
    const updated = await updateTerm(services.db, term, { labelEn: "Third place", aliases: ["tiers lieu"] });
    expect(updated).toMatchObject({ label_fr: "Tiers-lieu", label_en: "Third place", definition_fr: "Un lieu", slug: "tiers-lieu" });
    expect(termAliases(updated)).toEqual(["tiers lieu"]);
  });

  it("deletes terms (admins only) as tombstones, and revives the slug on re-creation", async () => {
    const term = await createTerm(services.db, origin, { labelFr: "Commun", definitionFr: "Ancienne définition", aliases: ["communs"] });
    await expectDomainError(deleteTerm(services.db, term, { isAdmin: false }), "forbidden");
    await deleteTerm(services.db, term, { isAdmin: true });
    expect(await findLocalTerm(services.db, "commun")).toBeUndefined();
    expect(await listTerms(services.db)).toEqual([]);
    expect(await searchTerms(services.db, "comm")).toEqual([]);

    const again = await createTerm(services.db, origin, { labelFr: "Commun", labelEn: "Commons" });
    expect(again.id).toBe(term.id);
    expect(again).toMatchObject({ deleted_at: null, definition_fr: null, label_en: "Commons", uri: term.uri });
    expect(termAliases(again)).toEqual([]);
  });

  it("searches by label and alias prefix, accents ignored, labels first", async () => {
    await createTerm(services.db, origin, { labelFr: "Économie sociale", labelEn: "Social economy", aliases: ["ESS"] });
    await createTerm(services.db, origin, { labelFr: "Écologie", aliases: ["environnement"] });
    await createTerm(services.db, origin, { labelFr: "Entreprise d'économie sociale", aliases: ["EÉS"] });
    await createTerm(services.db, origin, { labelFr: "Savoirs", labelEn: "Knowledge", aliases: ["économie du savoir"] });
    const slugs = async (q: string) => (await searchTerms(services.db, q)).map((t) => t.slug);
    expect(await slugs("éco")).toEqual(["ecologie", "economie-sociale", "savoirs", "entreprise-d-economie-sociale"]);
    expect(await slugs("ECONOMIE")).toEqual(["economie-sociale", "savoirs", "entreprise-d-economie-sociale"]);
    expect(await slugs("social")).toEqual(["economie-sociale", "entreprise-d-economie-sociale"]);
    expect(await slugs("env")).toEqual(["ecologie"]);
    expect(await slugs("ees")).toEqual(["entreprise-d-economie-sociale"]);
    expect(await slugs("  ")).toEqual([]);
    expect((await searchTerms(services.db, "e", 2)).length).toBe(2);
  });
});
