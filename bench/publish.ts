// What the transactional outbox costs a person publishing a note: createNote
// on a SQLite file, with the real federation runtime (the note's intent is
// written to the queue in the note's transaction) against the same domain
// call with an outbox that records nothing. No worker runs: translating and
// delivering happen later and elsewhere, not while the person waits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFederationRuntime } from "../federation/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createUser } from "../src/domain/accounts.ts";
import { ensureInstanceActor } from "../src/domain/actors.ts";
import { createNote } from "../src/domain/note-writing.ts";
import type { Services } from "../src/services.ts";

export interface PublishSample {
  /** Median time of one createNote, in milliseconds. */
  medianMs: number;
}

const NOTES = 200;

async function measure(withFederation: boolean): Promise<PublishSample> {
  const dir = mkdtempSync(join(tmpdir(), "encommun-bench-publish-"));
  const database = openDatabase(`sqlite:${join(dir, "bench.sqlite")}`);
  try {
    await migrateToLatest(database.db);
    const result = loadConfig({ PUBLIC_URL: "https://bench.example" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const { config } = result;
    await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
    const federated = await createFederationRuntime(config, database);
    const services: Services = withFederation ? federated.services : { ...federated.services, outbox: { send: async () => {} } };
    const { actor } = await createUser(database.db, config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false });
    const times: number[] = [];
    for (let i = 0; i < NOTES; i++) {
      const started = performance.now();
      await createNote(services, actor, { title: `Note ${i}`, content: `Des **corvées** partagées, semaine ${i}.`, tags: ["jardins"] });
      times.push(performance.now() - started);
    }
    await federated.close();
    times.sort((x, y) => x - y);
    return { medianMs: times[Math.floor(times.length / 2)]! };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of each: the baseline (no intent recorded), then with the intent in the note's transaction. */
export async function measurePublish(): Promise<{ baseline: PublishSample; outbox: PublishSample }> {
  return { baseline: await measure(false), outbox: await measure(true) };
}
