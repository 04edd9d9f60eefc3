// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self
// time per function and per origin (our folders, each package, Node itself),
// the top entries as a Markdown table. What limits a scenario is read here,
// not guessed.
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a script comes from: a package, one of our folders, Node's internals, or V8 (GC, idle, program). */
function originOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node:internal";
  const own = /\/(src|federation|bench|bin)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]!.split("/")[0]}` : url;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly { name: string; ms: number; share: number }[];
  readonly byOrigin: readonly { name: string; ms: number; share: number }[];
}

/**
 * `fromMicros`: leave out samples taken before this CLOCK_MONOTONIC time in
 * microseconds (process.hrtime in any process on the machine; V8 stamps
 * samples on the same clock), so that start-up does not count.
 */
export function summarizeProfile(path: string, top = 15, fromMicros = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id)!;
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < fromMicros) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") return;
    total += us;
    const file = url.split("/").slice(-2).join("/");
    const fn = `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const origin = originOf(url, functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, byFunction: ranked(byFunction), byOrigin: ranked(byOrigin) };
}

export function profileTable(summary: ProfileSummary): string {
  const row = (e: { name: string; share: number }) => `| ${e.name} | ${(100 * e.share).toFixed(1)} % |`;
  return [
    `busy CPU ${(summary.totalMs / 1000).toFixed(1)} s (idle excluded)`,
    "",
    "| by origin (self time) | share |",
    "|---|---|",
    ...summary.byOrigin.map(row),
    "",
    "| by function (self time) | share |",
    "|---|---|",
    ...summary.byFunction.map(row),
  ].join("\n");
}

if (import.meta.main) console.log(profileTable(summarizeProfile(process.argv[2]!, Number(process.argv[3] ?? 15))));
