import { readFileSync } from "node:fs";
// What the kernel says of the processes a benchmark measures (Linux /proc):
// CPU time, time spent waiting for a CPU, resident memory. A process that has
// exited counts as zero.

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) used so far by these processes: fields 14 and 15 of /proc/PID/stat, after the parenthesised name. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = read(`/proc/${pid}/stat`)?.split(") ")[1]?.split(" ");
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/**
 * Seconds the main threads of these processes spent waiting in the run queue
 * for a CPU (/proc/PID/schedstat, second field): when it rivals their time on
 * a CPU, the machine's cores, not the work or a lock, set the rate.
 */
export function runQueueWaitSeconds(pids: readonly number[]): number {
  let ns = 0;
  for (const pid of pids) ns += Number(read(`/proc/${pid}/schedstat`)?.split(" ")[1] ?? 0);
  return ns / 1e9;
}

/** Resident memory of these processes, in MB. */
export function rssMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) kb += Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`) ?? "")?.[1] ?? 0);
  return kb / 1024;
}
