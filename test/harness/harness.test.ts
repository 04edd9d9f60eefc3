import pg from "pg";
import { describe, expect, test } from "vitest";
import { NOTIFIER_APPLICATION_NAME } from "../../federation/stores/postgres-notifier.ts";
import { HarnessStartError, startInstances, useInstances, waitFor, type Instance } from "./harness.ts";
import { runCommand } from "./process.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("two instances over https", () => {
  const net = useInstances(2);

  test("each serves /healthz over https, trusted through the throwaway CA only", async () => {
    const [a, b] = net.instances;
    expect(a!.origin).not.toBe(b!.origin);
    for (const instance of net.instances) {
      expect(instance.origin).toBe(`https://127.0.0.1:${instance.port}`);
      expect(instance.handle("alice")).toBe(`@alice@127.0.0.1:${instance.port}`);
      const response = await instance.fetch("/healthz");
      expect(response.status).toBe(200);
      // The global fetch does not know the CA: proof that this really is TLS with our certificate.
      await expect(fetch(`${instance.origin}/healthz`)).rejects.toThrow();
    }
  });

  test("child processes trust the CA through NODE_EXTRA_CA_CERTS", async () => {
    const [a, b] = net.instances;
    const script = `const r = await fetch(${JSON.stringify(`${a!.origin}/healthz`)}); console.log(r.status);`;
    const result = await runCommand([process.execPath, "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: b!.env,
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("200");
  });

  test("WebFinger resolves a user created with the CLI, whose token works on the API", async () => {
    const [a, b] = net.instances;
    const alice = await a!.createUser("alice");
    expect(alice.token).toMatch(/\S{16,}/);

    const response = await a!.fetch(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:alice@${a!.host}`)}`);
    expect(response.status).toBe(200);
    const jrd = (await response.json()) as { subject: string; links: { rel: string; href?: string }[] };
    expect(jrd.subject).toBe(`acct:alice@${a!.host}`);
    const self = jrd.links.find((link) => link.rel === "self");
    expect(self?.href).toMatch(new RegExp(`^${a!.origin}/`));

    // Each instance has its own database: alice is unknown on B.
    const elsewhere = await b!.fetch(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:alice@${b!.host}`)}`);
    expect(elsewhere.status).toBe(404);

    expect((await a!.api("GET", "/api/v1/me", undefined, alice.token)).status).toBe(200);
    expect((await a!.api("GET", "/api/v1/me")).status).toBe(401);
    expect((await b!.api("GET", "/api/v1/me", undefined, alice.token)).status).toBe(401);
  });
});

/** How many processes LISTEN for queue wake-ups on the instance's database: one per running queue. */
async function queueListeners(instance: Instance): Promise<number> {
  const client = new pg.Client({ connectionString: instance.databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where datname = current_database() and application_name = $1",
      [NOTIFIER_APPLICATION_NAME],
    );
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

const pids = (children: readonly { pid?: number | undefined }[]) => children.map((child) => child.pid!);

describe("an instance split into web and worker processes", () => {
  test("the web process answers HTTP and runs no queue; workers do, can be SIGKILLed and started; stop() ends them all", async () => {
    const cluster = await startInstances(1, { database: "postgres", workers: 2 });
    let spawned: number[] = [];
    try {
      const [a] = cluster.instances as [Instance];
      expect(a.role).toBe("web");
      expect(a.workers).toHaveLength(2);
      expect(new Set(pids(a.processes)).size).toBe(3);
      expect((await a.fetch("/healthz")).status).toBe(200);
      expect(a.logs()).toMatch(/^\[web\] .*En commun \('?web'?\) listening on '?https:/m);
      expect(a.logs()).toMatch(/^\[worker 1\] .*En commun worker started/m);
      expect(a.logs()).toMatch(/^\[worker 2\] .*En commun worker started/m);
      await waitFor(async () => (await queueListeners(a)) === 2, { message: "one queue listener per worker, none for web" });

      const killed = await a.killWorker();
      expect(isAlive(killed)).toBe(false);
      expect(pids(a.workers)).not.toContain(killed);
      expect(a.workers).toHaveLength(1);
      expect(a.logs()).toMatch(/^\[worker 1\] \[harness\] worker 1 exited \(code null, signal SIGKILL\)/m);
      await waitFor(async () => (await queueListeners(a)) === 1, { message: "the killed worker's listener gone" });
      expect((await a.fetch("/healthz")).status).toBe(200);

      const started = await a.startWorker();
      expect(pids(a.workers)).toEqual([a.processes[2]!.pid, started.pid]);
      expect(a.logs()).toMatch(/^\[worker 3\] .*En commun worker started/m);
      await waitFor(async () => (await queueListeners(a)) === 2, { message: "the new worker listening" });

      expect(await a.killWorkers()).toHaveLength(2);
      expect(a.workers).toHaveLength(0);
      expect((await a.fetch("/healthz")).status).toBe(200);
      await a.startWorker();
      spawned = pids(a.processes);
    } finally {
      await cluster.stop();
    }
    expect(spawned).toHaveLength(5);
    for (const pid of spawned) expect(isAlive(pid)).toBe(false);
  }, 60_000);

  test("workers need PostgreSQL and a whole number", async () => {
    await expect(startInstances(1, { workers: 1 })).rejects.toThrow('workers needs database: "postgres"');
    await expect(startInstances(1, { database: "postgres", workers: -1 })).rejects.toThrow("whole number");
  });
});

describe("a failing start", () => {
  test("reports the child's log and leaves no process behind", async () => {
    const failure = await startInstances(2, { env: (index) => (index === 1 ? { PORT: "abc" } : {}) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HarnessStartError);
    const error = failure as HarnessStartError;
    expect(error.message).toContain("Instance B");
    expect(error.message).toContain("----- log of Instance B -----");
    expect(error.message).toMatch(/PORT.*abc/);
    expect(error.pids).toHaveLength(2);
    for (const pid of error.pids) expect(isAlive(pid)).toBe(false);
  });
});

describe("waitFor", () => {
  test("returns the first truthy value and reports the last error on timeout", async () => {
    let calls = 0;
    expect(await waitFor(() => ++calls >= 3 && calls, { interval: 5 })).toBe(3);
    await expect(
      waitFor(
        () => {
          throw new Error("not yet");
        },
        { timeout: 50, interval: 5, message: "delivery" },
      ),
    ).rejects.toThrow("delivery not met within 50 ms: last error: not yet");
  });
});
