// The seam between src/ and federation/: the composition root (bin/encommun.ts)
// hands src/ a factory that plugs ActivityPub in, so src/ never imports it.
import type { MiddlewareHandler } from "hono";
import type { Config } from "./config/config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import type { AppEnv } from "./http/env.ts";
import type { Services } from "./services.ts";

export const ROLES = ["all", "web", "worker"] as const;
/** `web` serves HTTP, `worker` runs the queue, `all` (the default) does both in one process. */
export type Role = (typeof ROLES)[number];

export interface FederationRuntime {
  readonly services: Services;
  /** Answers WebFinger, NodeInfo, actors, collections and inboxes. */
  readonly middleware: MiddlewareHandler<AppEnv>;
  /** Processes the persistent queue (deliveries and inbox) until the signal aborts. */
  startWorker(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export type FederationFactory = (config: Config, database: DatabaseHandle) => Promise<FederationRuntime>;
