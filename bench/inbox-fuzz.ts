// The full fuzz run of issue 9 (the CI test sends 2,000; this sends 10,000 by
// default, BENCH_FUZZ_COUNT to change): two real instances on loopback, the
// bodies signed by a real actor of A and POSTed to B's inbox, /healthz of B
// timed throughout against the same poll of the idle A. `node bench/inbox-fuzz.ts`
// alone, or as part of `npm run bench`.
import { createServer, type Socket } from "node:net";
import { startInstances } from "../test/harness/harness.ts";
import { mutatedActivities, runFuzz, type FuzzReport } from "../test/e2e/support/fuzz.ts";
import { privateKeyOf } from "../test/e2e/support/signing.ts";

export async function measureInboxFuzz(count: number, seed = 20261203): Promise<FuzzReport> {
  const cluster = await startInstances(2, { readyTimeoutMs: 60_000, logLevel: "warning" });
  const sockets = new Set<Socket>();
  const deadHost = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => deadHost.listen(0, "127.0.0.1", resolve));
  try {
    const [a, b] = cluster.instances;
    const alice = await a!.createUser("alice");
    const bob = await b!.createUser("bob");
    const aliceUri = (await a!.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const bobUri = (await b!.api("GET", "/api/v1/me", undefined, bob.token)).body.uri as string;
    const port = (deadHost.address() as { port: number }).port;
    return await runFuzz({
      inbox: `${bobUri}/inbox`,
      key: await privateKeyOf(a!, aliceUri),
      keyOwner: aliceUri,
      healthz: new URL("/healthz", bobUri).href,
      controlHealthz: new URL("/healthz", aliceUri).href,
      ca: cluster.ca.certPem,
      pid: b!.process!.pid!,
      bodies: mutatedActivities(seed, count, { actor: aliceUri, recipient: bobUri, deadContextOrigin: `https://127.0.0.1:${port}` }),
    });
  } finally {
    for (const socket of sockets) socket.destroy();
    deadHost.close();
    await cluster.stop();
  }
}

export function printFuzzReport(report: FuzzReport): void {
  const statuses = Object.entries(report.statuses).map(([status, n]) => `${n} × ${status}`).join(", ");
  console.log(`\n| inbox fuzz (${report.sent} mutated activities, ${(report.durationMs / 1000).toFixed(0)} s) | value |`);
  console.log("|---|---|");
  console.log(`| answers | ${statuses}; ${report.failures.length} 5xx or broken connections |`);
  console.log(`| /healthz of the fuzzed server, median / max (${report.healthzChecks} polls) | ${report.healthzMedianMs.toFixed(1)} / ${report.healthzMaxMs.toFixed(0)} ms |`);
  console.log(`| /healthz of an idle server on the same machine (baseline), median / max | ${report.controlMedianMs.toFixed(1)} / ${report.controlMaxMs.toFixed(0)} ms |`);
  console.log(`| RSS of the fuzzed server, start / peak | ${report.startRssMb.toFixed(0)} / ${report.peakRssMb.toFixed(0)} MB |`);
}

if (import.meta.main) printFuzzReport(await measureInboxFuzz(Number(process.env.BENCH_FUZZ_COUNT ?? 10_000)));
