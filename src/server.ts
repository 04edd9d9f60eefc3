// Starts one process of the server in the given role: opens and migrates the
// database, plugs the federation in, serves HTTP(S) and/or runs the queue.
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { ServerType } from "@hono/node-server";
import { getLogger } from "@logtape/logtape";
import type { Config } from "./config/config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { ensureInstanceActor } from "./domain/actors.ts";
import { keepSearchIndexUpToDate } from "./domain/search/catch-up.ts";
import { issueSetupLinkIfNoAdmin } from "./domain/setup-links.ts";
import { releaseGarbage, releaseGarbageWhenQuiet } from "./memory-release.ts";
import type { FederationFactory, Role } from "./runtime.ts";

const logger = getLogger(["encommun", "server"]);

export interface RunningServer {
  /** Where HTTP is served; null for a worker-only process. */
  readonly url: URL | null;
  stop(): Promise<void>;
}

export async function startServer(config: Config, role: Role, federation: FederationFactory): Promise<RunningServer> {
  const startedAt = performance.now();
  const database = openDatabase(config.databaseUrl, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info("Applied migrations: {applied}", { applied: applied.join(", ") });
  const runtime = await federation(config, database);
  await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);

  const worker = new AbortController();
  const working = role === "web" ? Promise.resolve() : Promise.all([runtime.startWorker(worker.signal), keepSearchIndexUpToDate(database, worker.signal)]);

  let server: ServerType | null = null;
  let url: URL | null = null;
  let stopReleasing = () => {};
  if (role !== "worker") {
    // Loaded here, not at the top: a worker process never holds the pages, views and HTTP server in memory.
    const [{ createApp }, { serve }] = await Promise.all([import("./http/app.ts"), import("@hono/node-server")]);
    const app = createApp(runtime.services, { federation: runtime.middleware });
    // Before listening, so that no request waits for the collection.
    releaseGarbage();
    // Counted so that memory is given back in a second without requests, when it costs nobody.
    let requests = 0;
    const fetch: typeof app.fetch = (...args) => {
      requests++;
      return app.fetch(...args);
    };
    const tls = config.tls;
    server = await new Promise<ServerType>((resolve) => {
      const s = serve(
        {
          fetch,
          port: config.port,
          hostname: config.host,
          ...(tls
            ? { createServer: createHttpsServer, serverOptions: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } }
            : {}),
        },
        () => resolve(s),
      );
    });
    stopReleasing = releaseGarbageWhenQuiet(() => requests);
    const address = server.address() as AddressInfo;
    url = new URL(`${tls ? "https" : "http"}://${config.host === "0.0.0.0" ? "localhost" : config.host}:${address.port}`);
    logger.info("En commun ({role}) listening on {url} as {publicUrl}, ready in {ms} ms", {
      role,
      url: url.href,
      publicUrl: config.publicUrl.href,
      ms: Math.round(performance.now() - startedAt),
    });
    const setupLink = await issueSetupLinkIfNoAdmin(database.db, config.publicUrl);
    if (setupLink) logger.warning("No administrator yet. Create the first one (link valid 24 h, once): {setupLink}", { setupLink });
  } else {
    releaseGarbage();
    logger.info("En commun worker started in {ms} ms", { ms: Math.round(performance.now() - startedAt) });
  }

  return {
    url,
    async stop() {
      worker.abort();
      stopReleasing();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await working.catch(() => {});
      await runtime.close();
      await database.close();
    },
  };
}
