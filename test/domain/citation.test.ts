import { describe, expect, it } from "vitest";
import { apaAuthorList, apaName, citeNote, formatLongDate, yearOf, type CitationInput } from "../../src/domain/citation.ts";

// 21 November 2026, 10:00 in Montréal.
const CONSULTED = new Date("2026-11-21T15:00:00Z");
const URL = "https://praxis.example/notes/01J";

function cite(authors: CitationInput["authors"], overrides: Partial<CitationInput> = {}): string {
  return citeNote({ authors, year: 2024, title: "Titre de la note", platform: "Praxis", consulted: CONSULTED, url: URL, language: "fr", ...overrides });
}

describe("APA names", () => {
  it("take the last word as family name and initials for the rest", () => {
    expect(apaName({ name: "Alice Tremblay" })).toBe("Tremblay, A.");
    expect(apaName({ name: "Marie-Soleil L'Allier" })).toBe("L'Allier, M.-S.");
    expect(apaName({ name: "  jean   paul  Gagnon " })).toBe("Gagnon, J. P.");
    expect(apaName({ name: "Élise Ouellet" })).toBe("Ouellet, É.");
  });

  it("keep lower-case particles with the family name", () => {
    expect(apaName({ name: "Marie de Koninck" })).toBe("de Koninck, M.");
    expect(apaName({ name: "Ludwig van der Berg" })).toBe("van der Berg, L.");
  });

  it("use a given family name", () => {
    expect(apaName({ name: "Rosa María Vega Ruiz", familyName: "Vega Ruiz" })).toBe("Vega Ruiz, R. M.");
    expect(apaName({ name: "Vega", familyName: "Vega" })).toBe("Vega");
  });

  it("keep a one-word name (an organization, a handle) whole", () => {
    expect(apaName({ name: "Passerelles" })).toBe("Passerelles");
    expect(apaName({ name: "alice" })).toBe("alice");
  });
});

describe("APA author lists", () => {
  const people = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Prénom${i + 1} Nom${i + 1}` }));

  it("join two with a comma and an ampersand, three to twenty likewise", () => {
    expect(apaAuthorList(people(2))).toBe("Nom1, P., & Nom2, P.");
    expect(apaAuthorList(people(3))).toBe("Nom1, P., Nom2, P., & Nom3, P.");
    expect(apaAuthorList(people(20)).split(", & ")[1]).toBe("Nom20, P.");
  });

  it("shorten more than twenty to the first nineteen, an ellipsis and the last", () => {
    const list = apaAuthorList(people(25));
    expect(list).toContain("Nom19, P., . . . Nom25, P.");
    expect(list).not.toContain("Nom20");
    expect(list).not.toContain("&");
  });
});

describe("citeNote", () => {
  it("cites a note by one author, in French", () => {
    expect(cite([{ name: "Alice Tremblay" }])).toBe(`Tremblay, A. (2024). Titre de la note. Praxis. Consulté le 21 novembre 2026, à ${URL}`);
  });

  it("cites two authors", () => {
    expect(cite([{ name: "Alice Tremblay" }, { name: "Bruno Gagnon" }])).toBe(
      `Tremblay, A., & Gagnon, B. (2024). Titre de la note. Praxis. Consulté le 21 novembre 2026, à ${URL}`,
    );
  });

  it("cites three authors", () => {
    expect(cite([{ name: "Alice Tremblay" }, { name: "Bruno Gagnon" }, { name: "Marie-Soleil L'Allier" }])).toBe(
      `Tremblay, A., Gagnon, B., & L'Allier, M.-S. (2024). Titre de la note. Praxis. Consulté le 21 novembre 2026, à ${URL}`,
    );
  });

  it("cites many authors", () => {
    const authors = Array.from({ length: 22 }, (_, i) => ({ name: `Personne ${String.fromCharCode(65 + i)}` }));
    const text = cite(authors);
    expect(text.startsWith("A, P., B, P., C, P.,")).toBe(true);
    expect(text).toContain("S, P., . . . V, P. (2024). Titre de la note.");
  });

  it("cites in English", () => {
    expect(cite([{ name: "Alice Tremblay" }, { name: "Bruno Gagnon" }], { language: "en", title: "A note" })).toBe(
      `Tremblay, A., & Gagnon, B. (2024). A note. Praxis. Retrieved November 21, 2026, from ${URL}`,
    );
  });

  it("does not double the final punctuation, and puts the title first without authors", () => {
    expect(cite([{ name: "Collectif" }], { title: "Pourquoi les communs?" })).toBe(
      `Collectif. (2024). Pourquoi les communs? Praxis. Consulté le 21 novembre 2026, à ${URL}`,
    );
    expect(cite([])).toBe(`Titre de la note. (2024). Praxis. Consulté le 21 novembre 2026, à ${URL}`);
  });
});

describe("dates", () => {
  it("are those of Québec, with « 1er » in French", () => {
    expect(formatLongDate(new Date("2026-11-01T12:00:00Z"), "fr")).toBe("1er novembre 2026");
    expect(formatLongDate(new Date("2026-11-01T12:00:00Z"), "en")).toBe("November 1, 2026");
    // 02:00 UTC on Dec. 1 is still Nov. 30 in Montréal.
    expect(formatLongDate(new Date("2026-12-01T02:00:00Z"), "fr-CA")).toBe("30 novembre 2026");
    expect(yearOf(new Date("2025-01-01T03:00:00Z"))).toBe(2024);
  });
});
