// Keeps the search index up to date in the background, beside the queue in
// each worker: after the migration (every existing row is marked) or a burst
// of writes, searches then find everything without each one rebuilding
// hundreds of documents first. Searches still refresh what is left, so this
// is a speed-up, never needed for correctness.
import { getLogger } from "@logtape/logtape";
import type { DatabaseHandle } from "../../db/database.ts";
import { refreshSearchIndex } from "./indexing.ts";

const logger = getLogger(["encommun", "search"]);
const PAUSE_MS = 2_000;

export async function keepSearchIndexUpToDate(database: DatabaseHandle, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      // Batches while there is work, a pause when there is none.
      while (!signal.aborted && (await refreshSearchIndex(database.db, database.dialect, 500)) > 0);
    } catch (error) {
      // A locked database or a lost connection: tried again at the next pause.
      if (!signal.aborted) logger.warning("Search index refresh failed: {error}", { error });
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PAUSE_MS);
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
