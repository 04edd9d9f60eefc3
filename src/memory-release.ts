// Starting a process allocates far more than it keeps: loading and compiling
// hundreds of modules, migrations, the first queries. V8 sizes its young
// generation to that burst (64–128 MB of semi-spaces, measured) and only gives
// it back on a memory-reducing collection, which Node never asks for on its
// own. One such collection once the server is ready, and again whenever it is
// quiet with memory to give back, keeps an idle web process near 150 MB instead
// of 205 (docs/PERFORMANCE.md); the heap grows again as load needs.
import { performance } from "node:perf_hooks";
import process from "node:process";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** Fetched once (each fetch makes a V8 context); undefined where it cannot be. */
let collectGarbage: Collect | undefined | null = null;

/** An optimisation only: where `gc` cannot be reached (another runtime), the memory is simply kept. */
export function releaseGarbage(): void {
  if (collectGarbage === null) collectGarbage = reachGc();
  collectGarbage?.({ type: "major", execution: "sync", flavor: "last-resort" });
}

export interface QuietRelease {
  /** Committed but unused heap worth a collection. */
  readonly slackBytes?: number;
  readonly collect?: () => void;
  readonly heap?: () => { readonly total_heap_size: number; readonly used_heap_size: number };
  /** Share of the time since the previous look the event loop was busy (0–1). */
  readonly utilization?: () => number;
  /** Busier than this is not quiet, requests or not. Default 5 %. */
  readonly maxUtilization?: number;
}

/** Event-loop utilization since the previous call. */
function utilizationSinceLastLook(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

/**
 * The same collection later, each second in which `requests` has not moved, the
 * event loop was nearly idle, and the heap holds at least `slackBytes` more than
 * it uses: work that runs once the server listens (the search index's catch-up)
 * or a burst of traffic leaves the young generation at the size it needed. Never
 * while requests keep coming, nor while the process works without them (a
 * fan-out's deliveries, the inbox's queue: a full collection each second there
 * cost the fan-out a third of its rate, measured).
 */
export function releaseGarbageWhenQuiet(requests: () => number, options: QuietRelease = {}): () => void {
  const timer = setInterval(quietRelease(requests, options), 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** One look per call: collects if no request came since the previous look and there is memory to give back. */
export function quietRelease(requests: () => number, options: QuietRelease = {}): () => void {
  const { slackBytes = 16 * 1024 * 1024, collect = releaseGarbage, heap = getHeapStatistics, maxUtilization = 0.05 } = options;
  const utilization = options.utilization ?? utilizationSinceLastLook();
  let seen = requests();
  return () => {
    const count = requests();
    const busy = utilization();
    const quiet = count === seen && busy <= maxUtilization;
    seen = count;
    if (!quiet) return;
    const { total_heap_size, used_heap_size } = heap();
    if (total_heap_size - used_heap_size >= slackBytes) collect();
  };
}

function reachGc(): Collect | undefined {
  // Measured on Node only; a runtime that freezes V8's flags once started may
  // abort on setFlagsFromString rather than throw.
  if (process.versions.deno !== undefined) return undefined;
  try {
    // `gc` is only reachable with --expose-gc: set for the one context that
    // fetches the function, unset before any other context is made.
    setFlagsFromString("--expose-gc");
    const found = runInNewContext("typeof gc === 'function' ? gc : undefined") as Collect | undefined;
    setFlagsFromString("--no-expose-gc");
    return found;
  } catch {
    return undefined;
  }
}
