import { describe, expect, it } from "vitest";
import { foldWord, stem, stemsOf, textOfHtml } from "../../../src/domain/search/french-text.ts";
import { MAX_QUERY_LENGTH, MAX_QUERY_WORDS, parseSearchQuery, toFts5Match, toTsQuery } from "../../../src/domain/search/query.ts";

describe("French words for search", () => {
  it("folds case and accents", () => {
    expect(foldWord("Économies")).toBe("economies");
    expect(foldWord("ŒUVRE")).toBe("oeuvre");
  });

  it("gives plurals, feminines and their singular one stem", () => {
    const same = (a: string, b: string) => expect(stem(foldWord(a))).toBe(stem(foldWord(b)));
    same("Agricultures", "agriculture");
    same("urbaines", "urbain");
    same("Économies", "economie");
    same("communs", "commun");
    same("journaux", "journal");
    same("réseaux", "réseau");
    same("collectives", "collectif");
    same("citoyennes", "citoyen");
    same("culturelles", "culturel");
    same("heureuses", "heureux");
    same("données", "donnée");
    expect(stem("ostrom")).toBe("ostrom");
    expect(stem("openstreetmap")).toBe("openstreetmap");
    expect(stem("campus")).toBe("campus");
    expect(stem("2024")).toBe("2024");
  });

  it("leaves out stop words and elided articles", () => {
    expect(stemsOf("L'économie de la connaissance")).toEqual(["economi", "connaissanc"]);
  });
});

describe("parseSearchQuery", () => {
  function groups(text: string) {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.query.groups;
  }

  it("reads words and quoted phrases", () => {
    expect(groups('agriculture "économie sociale" Ostrom')).toEqual([["agriculture"], ["economie", "sociale"], ["ostrom"]]);
  });

  it("reads an unbalanced quote as plain words", () => {
    expect(groups('"économie sociale')).toEqual([["economie"], ["sociale"]]);
    expect(groups('a "b c" "zed')).toEqual([["b", "c"], ["zed"]]);
  });

  it("turns FTS operators and punctuation into plain words, quoted again in both syntaxes", () => {
    const parsed = parseSearchQuery('communs NEAR(x y) OR title:ostrom* ^start -NOT (a AND "b');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const match = toFts5Match(parsed.query, "term");
    const prefix = 'kind : "term" AND {title body} : (';
    expect(match.startsWith(prefix) && match.endsWith(")")).toBe(true);
    const words = match.slice(prefix.length, -1);
    expect(words).not.toMatch(/[*^:()]/);
    expect(words.split(" AND ").every((g) => /^"[\p{L}\p{N} ]+"$/u.test(g))).toBe(true);
    expect(toTsQuery(parsed.query)).toMatch(/^[\p{L}\p{N} &<>()-]+$/u);
  });

  it("keeps a search made only of stop words", () => {
    expect(groups("les")).toEqual([["les"]]);
  });

  it("refuses too long a text and nothing at all, and caps the number of words", () => {
    expect(parseSearchQuery("x".repeat(MAX_QUERY_LENGTH + 1))).toEqual({ ok: false, problem: "too-long" });
    expect(parseSearchQuery(' " ** ( ')).toEqual({ ok: false, problem: "empty" });
    expect(groups(Array.from({ length: 30 }, (_, i) => `mot${i}`).join(" ")).length).toBe(MAX_QUERY_WORDS);
  });
});

describe("textOfHtml", () => {
  it("keeps inline words together, separates blocks and decodes entities", () => {
    expect(textOfHtml("<p>Les <strong>communs</strong>, d&#39;abord.</p><p>Puis&nbsp;&amp; <a href=\"x\">lien</a></p>")).toBe("Les communs, d'abord. Puis & lien");
  });
});
