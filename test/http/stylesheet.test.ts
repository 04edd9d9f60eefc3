// The stylesheet is plain CSS, one level of rules (inside @media at most):
// a rule left unclosed (a merge can drop its "}") makes Chromium read every
// later rule as nested under it, and half the site loses its styles silently
// (the header's screen-reader text shown, the find view's map drawn black).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const CSS = readFileSync(new URL("../../src/http/assets/style.css", import.meta.url), "utf8");

it("closes every rule, and nests rules only in at-rules", () => {
  const text = CSS.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "));
  const open: { selector: string; line: number }[] = [];
  const problems: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{") {
      const selector = text.slice(start, i).split(/[;}]/).at(-1)!.trim();
      const line = text.slice(0, i).split("\n").length;
      const parent = open.at(-1);
      if (parent && !parent.selector.startsWith("@")) problems.push(`line ${line}: "${selector}" inside "${parent.selector}" (line ${parent.line}) left open`);
      open.push({ selector, line });
      start = i + 1;
    } else if (text[i] === "}") {
      if (!open.pop()) problems.push(`line ${text.slice(0, i).split("\n").length}: a "}" closes nothing`);
      start = i + 1;
    }
  }
  problems.push(...open.map((rule) => `line ${rule.line}: "${rule.selector}" never closed`));
  expect(problems).toEqual([]);
});
