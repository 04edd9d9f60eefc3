// The multi-instance test harness: N real server processes on 127.0.0.1, each
// with its own port, data folder and database, serving https with certificates
// from a throwaway CA that the children trust through NODE_EXTRA_CA_CERTS.
//
//   const net = useInstances(2);            // vitest: beforeAll/afterAll wired
//   test("…", async () => {
//     const [a, b] = net.instances;
//     const alice = await a.createUser("alice");
//     await waitFor(async () => (await b.api("GET", "/api/v1/…")).status === 200);
//   });
//
// Without vitest's hooks: `const cluster = await startInstances(2); … await cluster.stop();`
//
// With `workers` (PostgreSQL only), an instance is one `start --role web`
// process plus N `start --role worker` processes on one database:
//   const net = useInstances(2, { database: "postgres", workers: (i) => (i === 0 ? 2 : undefined) });
//   await net.instances[0].killWorker();  await net.instances[0].startWorker();
// HARNESS_VERBOSE=1 streams every server's output to stderr as it comes.
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createPostgresDatabase } from "../helpers/databases.ts";
import { createCaFetch, type CaFetch } from "./https-fetch.ts";
import { baseEnv, DEFAULT_COMMAND, freePorts, Instance } from "./instance.ts";
import { hasExited } from "./process.ts";
import { createCertificateAuthority, issueCertificate, type CertificateAuthority } from "./tls.ts";

export { Instance } from "./instance.ts";
export type { ApiResponse, CreatedUser, InstanceRole } from "./instance.ts";
export type { CliResult } from "./process.ts";

export type ExtraEnv = Readonly<Record<string, string | undefined>>;

export interface HarnessOptions {
  /** `sqlite` (default: a file in each instance's DATA_DIR) or `postgres` (a throwaway database each, dropped on stop). */
  readonly database?: "sqlite" | "postgres";
  /**
   * Extra environment for every instance, or per instance (by index, with every instance's host
   * `127.0.0.1:<port>` in order, e.g. for ALLOWED_INSTANCES); it overrides the harness's own, and
   * `undefined` removes a variable (e.g. `TLS_CERT_FILE: undefined` for plain http).
   */
  readonly env?: ExtraEnv | ((index: number, hosts: readonly string[]) => ExtraEnv);
  /** INSTANCE_NAME of each instance; default "Instance A", "Instance B", … */
  readonly names?: readonly string[];
  /** LOG_LEVEL of the servers; default HARNESS_LOG_LEVEL or "info". */
  readonly logLevel?: string;
  /** How long each instance has to answer GET /healthz with 200; default 60 s (a busy 2-core machine needs it). */
  readonly readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL when stopping; default 5 s. */
  readonly stopGraceMs?: number;
  /** The server's entry point, run from the repository root; default `node bin/encommun.ts`. */
  readonly command?: readonly string[];
  /** Stream the servers' output to stderr; default HARNESS_VERBOSE=1. */
  readonly verbose?: boolean;
  /**
   * PostgreSQL only: run an instance as one `start --role web` process (HTTP only; its readiness
   * is still /healthz) plus this many `start --role worker` processes (the queue only), all with
   * the instance's environment and database. A number for every instance, or per instance (by
   * index), where `undefined` keeps the single `start` process (role all). 0 is a web process with
   * no worker: what it enqueues stays queued until a test calls `instance.startWorker()`.
   */
  readonly workers?: number | ((index: number) => number | undefined);
}

export interface Cluster {
  readonly instances: readonly Instance[];
  readonly ca: CertificateAuthority;
  /** A fetch trusting the CA, for URLs on any instance. */
  readonly fetch: CaFetch;
  /** Every instance's log, labelled. */
  logs(): string;
  /** Kills every server process, workers included (SIGTERM, then SIGKILL), and removes temp folders and databases. Idempotent. */
  stop(): Promise<void>;
}

/** Thrown when an instance fails to start; everything started has been stopped by then. */
export class HarnessStartError extends Error {
  /** The ids of the server processes that were spawned (all gone by the time this is thrown). */
  readonly pids: readonly number[];

  constructor(message: string, pids: readonly number[], cause: unknown) {
    super(message, { cause });
    this.name = "HarnessStartError";
    this.pids = pids;
  }
}

// Last resort when the test process exits without calling stop() (a crash, a
// killed worker): no server may outlive it.
const live = new Set<{ instances: Instance[]; root: string }>();
let exitGuardInstalled = false;
function installExitGuard(): void {
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  process.once("exit", () => {
    for (const cluster of live) {
      for (const instance of cluster.instances) {
        for (const child of instance.processes) if (!hasExited(child)) child.kill("SIGKILL");
      }
      rmSync(cluster.root, { recursive: true, force: true });
    }
  });
}

export async function startInstances(count: number, options: HarnessOptions = {}): Promise<Cluster> {
  const verbose = options.verbose ?? process.env.HARNESS_VERBOSE === "1";
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  const logLevel = options.logLevel ?? process.env.HARNESS_LOG_LEVEL ?? "info";
  const command = options.command ?? DEFAULT_COMMAND;
  const workers = Array.from({ length: count }, (_, index) =>
    typeof options.workers === "function" ? options.workers(index) : options.workers,
  );
  for (const n of workers) {
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0) throw new Error(`workers must be a whole number ≥ 0, not ${n}`);
    if (options.database !== "postgres") {
      throw new Error('workers needs database: "postgres" (web and worker processes share one database)');
    }
  }

  installExitGuard();
  const root = await mkdtemp(join(tmpdir(), "encommun-harness-"));
  const state = { instances: [] as Instance[], root };
  live.add(state);
  const cleanups: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await Promise.allSettled(state.instances.map((i) => i.stop(stopGraceMs)));
      await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
      await rm(root, { recursive: true, force: true });
      live.delete(state);
    })());

  try {
    await mkdir(join(root, "ca"));
    const ca = await createCertificateAuthority(join(root, "ca"));
    const caFetch = createCaFetch(ca.certPem);
    const ports = await freePorts(count);
    const instances = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const name = options.names?.[index] ?? `Instance ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? index : ""}`;
        const port = ports[index]!;
        const dataDir = join(root, `instance-${index}`);
        await mkdir(dataDir);
        const cert = await issueCertificate(ca, `instance-${index}`);
        let databaseUrl = `sqlite:${join(dataDir, "encommun.sqlite")}`;
        if (options.database === "postgres") {
          const database = await createPostgresDatabase();
          cleanups.push(database.drop);
          databaseUrl = database.url;
        }
        const extra = typeof options.env === "function" ? options.env(index, ports.map((p) => `127.0.0.1:${p}`)) : (options.env ?? {});
        const env: NodeJS.ProcessEnv = {
          ...baseEnv(),
          PUBLIC_URL: `https://127.0.0.1:${port}`,
          PORT: String(port),
          HOST: "127.0.0.1",
          DATA_DIR: dataDir,
          DATABASE_URL: databaseUrl,
          ALLOW_PRIVATE_ADDRESS: "true",
          TLS_CERT_FILE: cert.certFile,
          TLS_KEY_FILE: cert.keyFile,
          LOG_LEVEL: logLevel,
          INSTANCE_NAME: name,
          NODE_EXTRA_CA_CERTS: ca.certFile,
          // The same for a server run under Deno (options.command).
          DENO_CERT: ca.certFile,
          ...extra,
        };
        for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
        const role = workers[index] === undefined ? "all" : "web";
        const instance = new Instance({ index, name, port, dataDir, databaseUrl, env, command, caFetch, verbose, role });
        state.instances.push(instance);
        return instance;
      }),
    );
    for (const instance of instances) instance.spawn();
    // Workers start once their web process is ready, so that it alone migrates the fresh database
    // and creates the instance actor: processes starting at once on an empty database race to
    // insert that actor, and the losers exit (ensureInstanceActor checks, then inserts).
    const results = await Promise.allSettled(
      instances.map(async (instance, index) => {
        await instance.waitUntilReady(readyTimeoutMs);
        await Promise.all(Array.from({ length: workers[index] ?? 0 }, () => instance.startWorker({ timeoutMs: readyTimeoutMs })));
      }),
    );
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    if (failures.length > 0) throw failures.length === 1 ? failures[0] : new AggregateError(failures, failures.map((f) => f.message).join("\n\n"));
    return {
      instances,
      ca,
      fetch: caFetch,
      logs: () => instances.map((i) => `===== ${i.name} (${i.origin}) =====\n${i.logs()}`).join("\n"),
      stop,
    };
  } catch (error) {
    const pids = state.instances.flatMap((i) => i.processes.flatMap((child) => (child.pid != null ? [child.pid] : [])));
    await stop();
    throw new HarnessStartError(
      `could not start ${count} instance(s): ${(error as Error).message}`,
      pids,
      error,
    );
  }
}

/**
 * Polls `predicate` until it returns something truthy (which is returned) or
 * the timeout passes; then throws with the last error the predicate threw.
 * For eventual consistency across instances (deliveries go through queues).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: { timeout?: number; interval?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  const timeout = options.timeout ?? 60_000;
  const interval = options.interval ?? 100;
  const deadline = Date.now() + timeout;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: last error: ${lastError.message}` : "";
      throw new Error(`${options.message ?? "condition"} not met within ${timeout} ms${why}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Vitest glue: starts the instances in `beforeAll`, stops them in `afterAll`,
 * and prints every server's log when a test fails. Read `.instances` inside tests.
 */
export function useInstances(count: number, options: HarnessOptions = {}): { readonly instances: readonly Instance[]; readonly cluster: Cluster } {
  let cluster: Cluster | null = null;
  beforeAll(async () => {
    cluster = await startInstances(count, options);
  }, (options.readyTimeoutMs ?? 60_000) + 40_000);
  afterAll(async () => {
    await cluster?.stop();
  }, (options.stopGraceMs ?? 5_000) + 30_000);
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (cluster != null) console.error(`Server logs:\n${cluster.logs()}`);
    });
  });
  // Whatever a test sends, no server may answer 500: each such answer is logged
  // as an unhandled error (src/http/app.ts), and fails the test that caused it.
  let unhandledSeen = 0;
  afterEach(() => {
    const unhandled = [...(cluster?.logs() ?? "").matchAll(/Unhandled error on [^\n]*/g)].map((m) => m[0]);
    const fresh = unhandled.slice(unhandledSeen);
    unhandledSeen = unhandled.length;
    expect(fresh, "a server answered 500 (its log is printed above)").toEqual([]);
  });
  const started = (): Cluster => {
    if (cluster == null) throw new Error("the instances are not started (use them inside tests, after beforeAll)");
    return cluster;
  };
  return {
    get instances() {
      return started().instances;
    },
    get cluster() {
      return started();
    },
  };
}
