import { describe, expect, it } from "vitest";
import { CONTEXT_WORDS, diffRevisions, diffText, type DiffPart } from "../../src/domain/revision-diff.ts";

type Rev = Parameters<typeof diffRevisions>[1];

function rev(overrides: Partial<Rev>): Rev {
  return { title: "Jardins", summary: null, content_source: "Les jardins collectifs.", content_html: "<p>Les jardins collectifs.</p>", redacted_at: null, ...overrides };
}

function shown(parts: readonly DiffPart[] | null | "too-large"): string {
  if (parts == null || parts === "too-large") return String(parts);
  return parts.map((p) => (p.kind === "added" ? `{+${p.text}+}` : p.kind === "removed" ? `[-${p.text}-]` : p.kind === "gap" ? "…" : p.text)).join("");
}

describe("word diffs", () => {
  it("marks the words added and removed", () => {
    expect(shown(diffText("Les jardins collectifs du quartier.", "Les jardins partagés du quartier."))).toBe("Les jardins [-collectifs-]{+partagés+} du quartier.");
  });

  it("cuts long unchanged runs to a few words on each side of a change", () => {
    const words = Array.from({ length: 100 }, (_, i) => `mot${i}`);
    const after = [...words];
    after[50] = "CHANGÉ";
    const parts = diffText(words.join(" "), after.join(" ")) as DiffPart[];
    const text = shown(parts);
    expect(text).toContain("[-mot50-]{+CHANGÉ+}");
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text).toContain(`mot${50 - CONTEXT_WORDS} `);
    expect(text).not.toContain(`mot${50 - CONTEXT_WORDS - 1} `);
    expect(text).toContain(`mot${50 + CONTEXT_WORDS}`);
    expect(text).not.toContain(`mot${50 + CONTEXT_WORDS + 1}`);
  });

  it("says nothing changed for equal texts", () => {
    expect(diffText("même", "même")).toBeNull();
  });
});

describe("revision diffs", () => {
  it("compare title, summary and text, and list only what changed", () => {
    const diff = diffRevisions(rev({}), rev({ summary: "Un résumé", content_source: "Les jardins partagés." }));
    expect(diff.kind).toBe("changes");
    if (diff.kind !== "changes") return;
    expect(diff.changes.map((c) => c.field)).toEqual(["summary", "content"]);
    expect(shown(diff.changes[1]!.parts)).toBe("Les jardins [-collectifs-]{+partagés+}.");
  });

  it("leave out a summary generated from the text, which would repeat its changes", () => {
    const diff = diffRevisions(rev({ summary: "Les jardins collectifs." }), rev({ summary: "Les jardins partagés.", content_source: "Les jardins partagés." }));
    expect(diff.kind === "changes" && diff.changes.map((c) => c.field)).toEqual(["content"]);
  });

  it("read the text of the HTML of a note received from elsewhere", () => {
    const diff = diffRevisions(rev({ content_source: null, content_html: "<p>Bonjour <b>tout</b> le monde</p>" }), rev({ content_source: null, content_html: "<p>Bonjour le monde</p>" }));
    expect(diff.kind === "changes" && shown(diff.changes[0]!.parts)).toBe("Bonjour [-tout -]le monde");
  });

  it("show nothing of a redacted version, on either side", () => {
    // Even if a row still held text, a redacted revision is never compared.
    const secret = rev({ content_source: "Appelez le 514-555-0199.", redacted_at: "2026-12-01T00:00:00Z" });
    expect(diffRevisions(secret, rev({}))).toEqual({ kind: "redacted" });
    expect(diffRevisions(rev({}), secret)).toEqual({ kind: "redacted" });
    expect(diffRevisions(null, rev({}))).toEqual({ kind: "first" });
  });

  it("give up on a diff too long to compute", () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join(" ");
    expect(diffRevisions(rev({ content_source: a }), rev({ content_source: b }))).toEqual({ kind: "too-large" });
  });
});
