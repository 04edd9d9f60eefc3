// Child-process plumbing for the harness: a bounded log buffer, a CLI runner,
// and stopping a server (SIGTERM, then SIGKILL after a grace period).
import { spawn, type ChildProcess } from "node:child_process";

const LOG_LIMIT = 1_000_000;

/** Collects a child's stdout and stderr in arrival order, keeping the last ~1 MB. */
export class LogBuffer {
  #text = "";
  #dropped = 0;
  readonly #echoPrefix: string | null;

  constructor(echoPrefix: string | null) {
    this.#echoPrefix = echoPrefix;
  }

  append(chunk: string): void {
    if (this.#echoPrefix != null) {
      process.stderr.write(chunk.replace(/^(?=.)/gm, this.#echoPrefix));
    }
    this.#text += chunk;
    if (this.#text.length > LOG_LIMIT) {
      const cut = this.#text.length - LOG_LIMIT;
      this.#dropped += cut;
      this.#text = this.#text.slice(cut);
    }
  }

  toString(): string {
    return this.#dropped > 0 ? `[… ${this.#dropped} earlier characters dropped]\n${this.#text}` : this.#text;
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(
  command: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number },
): Promise<CliResult> {
  const [file, ...args] = command;
  if (file == null) throw new Error("empty command");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A CLI that exits without reading stdin makes writing fail with EPIPE: not our problem.
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode != null || child.signalCode != null;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  child.kill("SIGTERM");
  if (await waitForExit(child, graceMs)) return;
  child.kill("SIGKILL");
  await waitForExit(child, 5_000);
}

/**
 * Feeds a child's output to `onLine` one complete line at a time (a partial
 * line waits for its end), so that the output of several processes sharing
 * one log interleaves by line, never mid-line.
 */
export function forEachLine(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void): void {
  if (stream == null) return;
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => {
    if (partial !== "") onLine(partial);
    partial = "";
  });
}
