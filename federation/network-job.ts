// The worker's network job: every few minutes, refresh the NodeInfo of known
// instances (a batch of the stale ones) and read each sister's outbox once a
// day (claimed in the database, so with several workers one does it). Runs
// beside the queue in every worker process until the worker stops.
import { getLogger } from "@logtape/logtape";
import { networkMaintenance } from "../src/domain/network.ts";
import type { Services } from "../src/services.ts";

const logger = getLogger(["encommun", "federation", "network"]);

export const NETWORK_JOB_INTERVAL_MS = 10 * 60 * 1000;

export async function runNetworkJob(services: Services, signal: AbortSignal, intervalMs = NETWORK_JOB_INTERVAL_MS): Promise<void> {
  while (!signal.aborted) {
    try {
      const { refreshed, synced } = await networkMaintenance(services);
      if (refreshed + synced > 0) logger.info("Network job: {refreshed} NodeInfo refreshed, {synced} sister outbox(es) read", { refreshed, synced });
    } catch (error) {
      logger.warning("Network job failed: {error}", { error });
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      signal.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
    });
  }
}
