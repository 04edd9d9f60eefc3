// A queue worker in its own process, for the crash test: it claims one
// message, reports it on stdout, and hangs in its handler (renewing the lease)
// until the test kills it with SIGKILL.
// Usage: node test/federation/stores/queue-worker-process.ts <dbUrl> <leaseMs>
import { KyselyMessageQueue } from "../../../federation/stores/kysely-message-queue.ts";
import { openDatabase } from "../../../src/db/database.ts";

const [url, leaseMs = "1000"] = process.argv.slice(2);
if (url == null) throw new Error("usage: queue-worker-process.ts <dbUrl> <leaseMs>");
const handle = openDatabase(url);
const queue = new KyselyMessageQueue(handle, { leaseMs: Number(leaseMs), pollIntervalMs: 100, concurrency: 1 });
await queue.listen(async (message: unknown) => {
  process.stdout.write(`claimed ${JSON.stringify(message)}\n`);
  await new Promise(() => {});
});
