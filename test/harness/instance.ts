// One real server on loopback, served over https with the harness's CA, and
// the helpers a test uses to talk to it (HTTP, JSON API, CLI). A server is one
// `start` process (role all), or one `start --role web` process plus worker
// processes (`start --role worker`) that a test can kill and start.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { SETTINGS } from "../../src/config/config.ts";
import type { CaFetch } from "./https-fetch.ts";
import { forEachLine, hasExited, LogBuffer, runCommand, stopProcess, waitForExit, type CliResult } from "./process.ts";

/** The repository root: children run from there, as `npm start` would. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How to run the server's entry point; the CLI subcommand is appended. */
export const DEFAULT_COMMAND: readonly string[] = [process.execPath, "bin/encommun.ts"];

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the response says it is JSON, the text otherwise (null when empty). */
  readonly body: T;
}

export interface CreatedUser {
  readonly handle: string;
  readonly password: string;
  readonly token: string;
}

/**
 * `all`: one `start` process serves HTTP and runs the queue. `web`: the main process is
 * `start --role web` (HTTP only: it enqueues deliveries and inbox work), and only worker
 * processes (`startWorker`) run the queue.
 */
export type InstanceRole = "all" | "web";

/** What a worker prints once its queue is running (src/server.ts, at LOG_LEVEL info or debug). */
const WORKER_STARTED = /En commun worker started/;

export interface InstanceSpec {
  readonly index: number;
  readonly name: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly env: NodeJS.ProcessEnv;
  readonly command: readonly string[];
  readonly caFetch: CaFetch;
  readonly verbose: boolean;
  /** Default `all`. */
  readonly role?: InstanceRole;
}

interface WorkerProcess {
  /** 1, 2, … in the order started over the instance's life; labels its log lines. */
  readonly number: number;
  readonly child: ChildProcess;
}

/**
 * `count` distinct free TCP ports on 127.0.0.1: the OS picks them while all are
 * held open at once (so no two are the same); the children bind them soon after.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.on("error", reject);
            server.listen(0, "127.0.0.1", () => {
              const address = server.address();
              if (address != null && typeof address === "object") resolve(address.port);
              else reject(new Error("could not find a free port"));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * The parent's environment without any of the server's own settings (a
 * developer's shell may export DATABASE_URL or INSTANCE_NAME), so every
 * instance gets exactly what the harness gives it.
 */
export function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const setting of SETTINGS) delete env[setting.name];
  return env;
}

export class Instance {
  readonly index: number;
  readonly name: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the host part of handles and of the instance actor's handle. */
  readonly host: string;
  /** `https://127.0.0.1:<port>` (http without TLS), no trailing slash. */
  readonly origin: string;
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** The full environment of the server and of `cli()` runs. */
  readonly env: NodeJS.ProcessEnv;
  readonly command: readonly string[];
  readonly log: LogBuffer;
  readonly role: InstanceRole;
  #child: ChildProcess | null = null;
  readonly #workers: WorkerProcess[] = [];
  readonly #caFetch: CaFetch;

  constructor(spec: InstanceSpec) {
    this.index = spec.index;
    this.name = spec.name;
    this.port = spec.port;
    this.host = `127.0.0.1:${spec.port}`;
    // https unless a test removed TLS_CERT_FILE to run a plain-http instance.
    this.origin = `${spec.env.TLS_CERT_FILE ? "https" : "http"}://${this.host}`;
    this.dataDir = spec.dataDir;
    this.databaseUrl = spec.databaseUrl;
    this.env = spec.env;
    this.command = spec.command;
    this.#caFetch = spec.caFetch;
    this.log = new LogBuffer(spec.verbose ? `[${spec.name}] ` : null);
    this.role = spec.role ?? "all";
  }

  /** The main process: `start` (role all) or `start --role web`; the one answering HTTP. */
  get process(): ChildProcess | null {
    return this.#child;
  }

  /** The worker processes still running, oldest first. */
  get workers(): readonly ChildProcess[] {
    return this.#workers.filter((w) => !hasExited(w.child)).map((w) => w.child);
  }

  /** Every process spawned for this instance (main and workers, running or not). */
  get processes(): readonly ChildProcess[] {
    return [...(this.#child ? [this.#child] : []), ...this.#workers.map((w) => w.child)];
  }

  /**
   * Everything the server printed so far (stdout and stderr interleaved). With
   * workers, every line is labelled with its process: `[web] `, `[worker 1] `, …
   */
  logs(): string {
    return this.log.toString();
  }

  /** `@user@127.0.0.1:<port>` */
  handle(user: string): string {
    return `@${user}@${this.host}`;
  }

  /** A path on this instance, or any absolute URL (other instances share the CA). */
  url(pathOrUrl: string): URL {
    return new URL(pathOrUrl, `${this.origin}/`);
  }

  fetch(pathOrUrl: string, init?: RequestInit): Promise<Response> {
    return this.#caFetch(this.url(pathOrUrl), init);
  }

  /** A JSON API call; never throws on an HTTP error status, so tests can assert it. */
  async api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<ApiResponse<T>> {
    const headers = new Headers({ accept: "application/json" });
    if (body !== undefined) headers.set("content-type", "application/json");
    if (token != null) headers.set("authorization", `Bearer ${token}`);
    const response = await this.fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text === "" ? null : text;
    if (text !== "" && /\bjson\b/.test(response.headers.get("content-type") ?? "")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Leave the text: a test asserting on it will show what came back.
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** Runs the server's CLI (`<command> ...args`) with this instance's environment. */
  cli(args: readonly string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<CliResult> {
    return runCommand([...this.command, ...args], { cwd: REPO_ROOT, env: this.env, ...options });
  }

  /** `user create` with a random password, then `token create`; throws with the CLI's output on failure. */
  async createUser(handle: string, options: { admin?: boolean } = {}): Promise<CreatedUser> {
    const password = randomBytes(18).toString("base64url");
    const args = ["user", "create", handle, ...(options.admin ? ["--admin"] : []), "--password-stdin"];
    const created = await this.cli(args, { stdin: `${password}\n` });
    if (created.code !== 0) throw cliError(this, args, created);
    const tokenArgs = ["token", "create", handle];
    const issued = await this.cli(tokenArgs);
    const token = issued.stdout.split("\n").map((line) => line.trim()).filter(Boolean).at(-1);
    if (issued.code !== 0 || token == null) throw cliError(this, tokenArgs, issued);
    return { handle, password, token };
  }

  /** Spawns the main process (`start`, or `start --role web`); `waitUntilReady` then polls /healthz. */
  spawn(): void {
    if (this.#child != null && !hasExited(this.#child)) throw new Error(`${this.name} already started`);
    if (this.role === "all") {
      this.#child = this.#spawn(["start"], null, "server");
    } else {
      this.#child = this.#spawn(["start", "--role", "web"], "[web] ", "web process");
    }
  }

  /**
   * Spawns one more `start --role worker` process with the instance's environment (so on its
   * database) and resolves once it reports its queue running; rejects, having killed it, if it
   * exits or stays silent for `timeoutMs` (default 20 s). With LOG_LEVEL warning or error the
   * worker prints nothing to wait for, so this resolves as soon as it is spawned.
   */
  async startWorker(options: { timeoutMs?: number } = {}): Promise<ChildProcess> {
    if (this.databaseUrl.startsWith("sqlite:")) {
      throw new Error(`${this.name}: worker processes need PostgreSQL (database: "postgres")`);
    }
    const number = this.#workers.length + 1;
    const label = `worker ${number}`;
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const child = this.#spawn(["start", "--role", "worker"], `[${label}] `, label, (line) => {
      if (WORKER_STARTED.test(line)) started();
    });
    this.#workers.push({ number, child });
    if (!/^(debug|info)$/.test(this.env.LOG_LEVEL ?? "info")) return child;
    const timeoutMs = options.timeoutMs ?? 20_000;
    const outcome = await new Promise<"ready" | "exited" | "timeout">((resolve) => {
      const settle = (result: "ready" | "exited" | "timeout") => {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(result);
      };
      const onExit = () => settle("exited");
      const timer = setTimeout(() => settle("timeout"), timeoutMs);
      child.once("exit", onExit);
      void ready.then(() => settle("ready"));
    });
    if (outcome === "ready") return child;
    if (outcome === "timeout") {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the last output
    }
    const why = outcome === "timeout" ? `did not report its queue running within ${timeoutMs} ms` : `exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`;
    throw new Error(`${this.name}: ${label} (pid ${child.pid}) ${why}.\n${this.#logSection()}`);
  }

  /**
   * Kills one running worker with SIGKILL (no chance to finish or release what it holds), the
   * given one or else the oldest, and resolves with its pid once it is gone.
   */
  async killWorker(pid?: number): Promise<number> {
    const running = this.#workers.filter((w) => !hasExited(w.child));
    const worker = pid == null ? running[0] : running.find((w) => w.child.pid === pid);
    if (worker == null) throw new Error(`${this.name}: no running worker${pid == null ? "" : ` with pid ${pid}`}`);
    worker.child.kill("SIGKILL");
    if (!(await waitForExit(worker.child, 5_000))) throw new Error(`${this.name}: worker ${worker.number} survived SIGKILL`);
    return worker.child.pid!;
  }

  /** SIGKILLs every running worker; resolves with their pids once all are gone. */
  async killWorkers(): Promise<number[]> {
    const pids: number[] = [];
    for (const child of this.workers) pids.push(await this.killWorker(child.pid));
    return pids;
  }

  /**
   * Starts the main process again after `stop()` (a server back from an outage: same port, data
   * and database) and resolves once it answers /healthz.
   */
  async restart(readyTimeoutMs = 20_000): Promise<void> {
    this.spawn();
    await this.waitUntilReady(readyTimeoutMs);
  }

  /** Stops every process of the instance at once: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    await Promise.allSettled(this.processes.map((child) => stopProcess(child, graceMs)));
  }

  /**
   * Spawns `<command> ...args` from the repository root. Output goes to the instance's log: as it
   * comes when `label` is null (a single process), else line by line, each line labelled.
   */
  #spawn(args: readonly string[], label: string | null, what: string, onLine?: (line: string) => void): ChildProcess {
    const [file, ...commandArgs] = this.command;
    if (file == null) throw new Error("empty command");
    const child = spawn(file, [...commandArgs, ...args], {
      cwd: REPO_ROOT,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const prefix = label ?? "";
    if (label == null) {
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.log.append(chunk));
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => this.log.append(chunk));
    } else {
      for (const stream of [child.stdout, child.stderr]) {
        forEachLine(stream, (line) => {
          this.log.append(`${label}${line}\n`);
          onLine?.(line);
        });
      }
    }
    child.on("error", (error) => this.log.append(`${prefix}[harness] could not spawn ${file}: ${error.message}\n`));
    child.on("exit", (code, signal) => this.log.append(`${prefix}[harness] ${what} exited (code ${code}, signal ${signal})\n`));
    return child;
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const child = this.#child;
    if (child == null) throw new Error(`${this.name} was not started`);
    const deadline = Date.now() + timeoutMs;
    let lastProblem = "no answer yet";
    while (Date.now() < deadline) {
      if (hasExited(child) || child.pid == null) {
        // Let the last output arrive before quoting it.
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error(`${this.name} (${this.origin}) exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}).\n${this.#logSection()}`);
      }
      try {
        const response = await this.#caFetch(this.url("/healthz"), { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        if (response.status === 200) return;
        lastProblem = `GET /healthz answered ${response.status}`;
      } catch (error) {
        lastProblem = `GET /healthz failed: ${(error as Error).message}`;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} (${this.origin}) was not ready within ${timeoutMs} ms (${lastProblem}).\n${this.#logSection()}`);
  }

  #logSection(): string {
    return `----- log of ${this.name} -----\n${this.logs() || "(nothing printed)\n"}----- end of log -----`;
  }
}

function cliError(instance: Instance, args: readonly string[], result: CliResult): Error {
  return new Error(
    `${instance.name}: \`${args.join(" ")}\` exited with code ${result.code}\n--- stdout ---\n${result.stdout}--- stderr ---\n${result.stderr}`,
  );
}
