// Cold start to first answered request, and idle memory, of a fresh instance
// (new SQLite database each run), against a bare Hono server measured in the
// same run. Medians of RUNS runs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rssMb } from "./proc-stats.ts";

const ROOT = join(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}


export interface StartupSample {
  coldStartMs: number;
  idleRssMb: number;
}

/** Spawns `args`, polls WebFinger until it answers 200, waits idle, reads RSS, stops. */
export async function measureStartup(args: string[], env: Record<string, string>, idleMs = 2000): Promise<StartupSample> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "encommun-bench-"));
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: "error" },
    stdio: "ignore",
  });
  try {
    const host = `127.0.0.1:${port}`;
    const url = `http://${host}/.well-known/webfinger?resource=acct:${encodeURIComponent(host)}@${encodeURIComponent(host)}`;
    let coldStartMs = 0;
    for (;;) {
      try {
        const response = await fetch(url);
        if (response.ok) {
          await response.arrayBuffer();
          coldStartMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 30_000) throw new Error(`${args.join(" ")} did not answer within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return { coldStartMs, idleRssMb: rssMb([child.pid!]) };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
