// What a process holds once started (issue 11's idle memory): libraries that
// start-up never calls are loaded on first use, not with the server's modules,
// and the one collection after start leaves no `gc` behind.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { quietRelease, releaseGarbage } from "../src/memory-release.ts";

const root = join(import.meta.dirname, "..");

/** Read on first use; each one loaded at start cost 0.6–7.5 MB of RSS, measured. */
const LAZY_PACKAGES = ["markdown-it", "sanitize-html", "diff", "fflate", "file-type"];

// A fresh Node process (vitest's own module graph would not tell): records every
// module resolved, imports what a process of every role imports at start, then
// uses two of the lazy libraries, to show that the recording sees them.
const CHILD = `
import { registerHooks } from "node:module";
const resolved = new Set();
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); resolved.add(result.url); return result; } });
const root = new URL(process.argv[1] + "/", "file://");
const packages = () => [...new Set([...resolved].map((url) => /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url)?.[1]).filter(Boolean))];
for (const entry of ["src/cli/run.ts", "federation/runtime.ts", "src/server.ts", "src/http/app.ts"]) await import(new URL(entry, root).href);
const atStart = packages();
const { renderMarkdown } = await import(new URL("src/domain/markdown.ts", root).href);
renderMarkdown("*used*");
const { detectFileType } = await import(new URL("src/domain/file-type.ts", root).href);
await detectFileType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
process.stdout.write(JSON.stringify({ atStart, afterUse: packages() }));
`;

describe("start-up memory", () => {
  it("loads the libraries start-up never calls only when they are used", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "--eval", CHILD, root], { cwd: root, timeout: 50_000 });
    const { atStart, afterUse } = JSON.parse(stdout) as { atStart: string[]; afterUse: string[] };
    expect(atStart).toContain("@fedify/fedify");
    expect(atStart.filter((name) => LAZY_PACKAGES.includes(name))).toEqual([]);
    expect(afterUse).toEqual(expect.arrayContaining(["markdown-it", "sanitize-html", "file-type"]));
  });

  it("collects after start without leaving gc reachable from later contexts", () => {
    releaseGarbage();
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });
});

describe("quietRelease", () => {
  const MiB = 1024 * 1024;

  it("collects once quiet with room to give back, never while requests keep coming", () => {
    let requests = 0;
    let heap = { total_heap_size: 100 * MiB, used_heap_size: 40 * MiB };
    let collections = 0;
    const look = quietRelease(() => requests, {
      utilization: () => 0.01,
      collect: () => {
        collections++;
        heap = { total_heap_size: 45 * MiB, used_heap_size: 40 * MiB };
      },
      heap: () => heap,
    });
    for (let second = 0; second < 5; second++) {
      requests += 10;
      look();
    }
    expect(collections).toBe(0);
    look(); // no request since the last look: quiet, 60 MiB unused
    expect(collections).toBe(1);
    for (let second = 0; second < 5; second++) look(); // still quiet, but only 5 MiB to give back
    expect(collections).toBe(1);
  });

  it("does not collect while the process works without requests (a fan-out's deliveries, the queue)", () => {
    let collections = 0;
    let busy = 0.6;
    const look = quietRelease(() => 0, {
      utilization: () => busy,
      collect: () => collections++,
      heap: () => ({ total_heap_size: 100 * MiB, used_heap_size: 40 * MiB }),
    });
    for (let second = 0; second < 5; second++) look();
    expect(collections).toBe(0);
    busy = 0.02; // the deliveries are done
    look();
    expect(collections).toBe(1);
  });
});
