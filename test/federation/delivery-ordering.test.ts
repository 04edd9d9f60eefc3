// Every delivery the federation layer starts carries an ordering key (the
// object it is about), so Fedify queues deliveries about one object to one
// server in order; the queue keeps a retried one's place (see the queue's
// tests and test/e2e/delivery-order.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { about } from "../../federation/outbox/ordering.ts";

const FEDERATION_DIR = join(import.meta.dirname, "..", "..", "federation");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** The text of every `ctx.sendActivity(…)` / `ctx.forwardActivity(…)` call, up to its balanced closing parenthesis. */
function deliveryCalls(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/\.(?:sendActivity|forwardActivity)\(/g)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < source.length; end++) {
      if (source[end] === "(") depth++;
      else if (source[end] === ")" && --depth === 0) break;
    }
    calls.push(source.slice(match.index, end + 1));
  }
  return calls;
}

describe("delivery ordering", () => {
  it("every sendActivity and forwardActivity call names the object its deliveries are ordered by", () => {
    const calls = sourceFiles(FEDERATION_DIR).flatMap((file) => deliveryCalls(readFileSync(file, "utf8")).map((call) => ({ file: file.slice(FEDERATION_DIR.length + 1), call })));
    expect(calls.length).toBeGreaterThan(15);
    const unordered = calls.filter(({ call }) => !/\babout\(|orderingKey:/.test(call));
    expect(unordered).toEqual([]);
  });

  it("keys by the object's id and keeps the other options", () => {
    expect(about("https://ici.example/notes/1", { preferSharedInbox: true })).toEqual({ preferSharedInbox: true, orderingKey: "https://ici.example/notes/1" });
    expect(about(new URL("https://ici.example/follows/2"))).toEqual({ orderingKey: "https://ici.example/follows/2" });
  });
});
