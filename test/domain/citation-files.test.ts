import { describe, expect, it } from "vitest";
import { citeNote } from "../../src/domain/citation.ts";
import { bibtexEscape, citationKey, toBibtex, toRis, type CitationRecord } from "../../src/domain/citation-files.ts";

// 21 November 2026, 10:00 in Montréal; published on March 7, 2024 (evening, still the 7th in Québec).
const RECORD: CitationRecord = {
  id: "01JABCDEF",
  authors: [{ name: "Alice Tremblay" }, { name: "Marie de Koninck" }, { name: "Passerelles" }],
  year: 2024,
  title: "Atelier 3 : Inspirations",
  platform: "Praxis",
  consulted: new Date("2026-11-21T15:00:00Z"),
  url: "https://praxis.example/notes/01JABCDEF",
  language: "fr",
  published: new Date("2024-03-08T02:00:00Z"),
  noteLanguage: "fr",
};

describe("BibTeX", () => {
  it("writes a @misc entry with authors, title, year, date, platform, address, consultation day and language", () => {
    expect(toBibtex(RECORD)).toBe(`@misc{tremblay202401jabc,
  author = {Tremblay, Alice and de Koninck, Marie and {Passerelles}},
  title = {{Atelier 3 : Inspirations}},
  year = {2024},
  date = {2024-03-07},
  howpublished = {Praxis},
  url = {https://praxis.example/notes/01JABCDEF},
  urldate = {2026-11-21},
  langid = {french},
}
`);
  });

  it("escapes every character BibTeX reads as a command, and keeps each value on one line", () => {
    expect(bibtexEscape("50 % & #1 {x} $5 a_b ^ ~ \\end")).toBe("50 \\% \\& \\#1 \\{x\\} \\$5 a\\_b \\textasciicircum{} \\textasciitilde{} \\textbackslash{}end");
    const entry = toBibtex({ ...RECORD, title: "Coûts } @misc{evil,\n title = {x} 100 %", platform: "A & B", authors: [{ name: "Smith and Sons" }, { name: "Jo_ Côté" }] });
    expect(entry).toContain("title = {{Coûts \\} @misc\\{evil, title = \\{x\\} 100 \\%}},");
    expect(entry).toContain("howpublished = {A \\& B},");
    // "and" inside a name would split it into two people.
    expect(entry).toContain("author = {Sons, Smith {and} and Côté, Jo\\_},");
    // One entry, whatever the title said: braces balance and nothing opens another.
    expect(entry.match(/^@/gm)).toHaveLength(1);
    let depth = 0;
    for (const [i, c] of [...entry].entries()) {
      if (entry[i - 1] === "\\") continue;
      if (c === "{") depth++;
      if (c === "}") depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it("percent-encodes only the braces, backslashes and spaces of the address", () => {
    expect(toBibtex({ ...RECORD, url: "https://x.example/a?q={1}\\b c%20#top" })).toContain("url = {https://x.example/a?q=%7B1%7D%5Cb%20c%20#top},");
  });

  it("cites a version with its number, its date and its own address", () => {
    const entry = toBibtex({ ...RECORD, url: "https://praxis.example/notes/01JABCDEF/history/3", version: { number: 3, date: new Date("2024-05-01T14:00:00Z") } });
    expect(entry).toMatch(/^@misc\{tremblay202401jabcv3,/);
    expect(entry).toContain("url = {https://praxis.example/notes/01JABCDEF/history/3},");
    expect(entry).toContain("version = {3},");
    expect(entry).toContain("note = {version 3 du 1er mai 2024},");
  });

  it("makes an ASCII key from the first author, or the title without authors", () => {
    expect(citationKey({ ...RECORD, authors: [{ name: "Élise Côté" }] })).toBe("cote202401jabc");
    expect(citationKey({ ...RECORD, authors: [], title: "« Économie » sociale" })).toBe("economie202401jabc");
    expect(citationKey({ ...RECORD, authors: [], title: "«»" })).toBe("note202401jabc");
  });
});

describe("RIS", () => {
  it("writes an ELEC record, one tag a line, lines ending in CR LF", () => {
    expect(toRis(RECORD)).toBe(
      [
        "TY  - ELEC",
        "AU  - Tremblay, Alice",
        "AU  - de Koninck, Marie",
        "AU  - Passerelles",
        "TI  - Atelier 3 : Inspirations",
        "PY  - 2024",
        "DA  - 2024/03/07",
        "PB  - Praxis",
        "UR  - https://praxis.example/notes/01JABCDEF",
        "Y2  - 2026/11/21",
        "LA  - fr",
        "ER  - ",
        "",
      ].join("\r\n"),
    );
  });

  it("keeps a value with line breaks on its line, so it cannot end the record or add a tag", () => {
    const ris = toRis({ ...RECORD, title: "Titre\r\nER  - \nTY  - JOUR\u2028AU  - Intrus", authors: [] });
    expect(ris).toContain("TI  - Titre ER - TY - JOUR AU - Intrus\r\n");
    expect(ris.split("\r\n").filter((l) => l.startsWith("ER  -"))).toHaveLength(1);
    expect(ris.split("\r\n").filter((l) => l.startsWith("TY  -"))).toHaveLength(1);
    expect(ris).not.toMatch(/\n(?<!\r\n)/);
  });

  it("gives a version as its edition", () => {
    expect(toRis({ ...RECORD, language: "en", version: { number: 2, date: new Date("2024-05-01T14:00:00Z") } })).toContain("ET  - version 2 of May 1, 2024\r\n");
  });
});

describe("APA of a version", () => {
  it("describes the version in square brackets after the title", () => {
    const apa = citeNote({ ...RECORD, version: { number: 3, date: new Date("2024-05-01T14:00:00Z") }, url: "https://praxis.example/notes/01JABCDEF/history/3" });
    expect(apa).toBe(
      "Tremblay, A., de Koninck, M., & Passerelles. (2024). Atelier 3 : Inspirations [version 3 du 1er mai 2024]. Praxis. Consulté le 21 novembre 2026, à https://praxis.example/notes/01JABCDEF/history/3",
    );
  });
});
