// Plugs ActivityPub into the server: the durable stores on the server's own
// database, the federation built from the builder, the outbox, directory,
// lookup, network and thread backfill ports for the domain, the Hono middleware, and the
// federation policy around all of it (queue, loaders, inbound gate). The
// only build() call.
import { getLogger } from "@logtape/logtape";
import type { Config } from "../src/config/config.ts";
import type { DatabaseHandle } from "../src/db/database.ts";
import { DEFAULT_POLICY, samePolicy, seedPolicy } from "../src/domain/federation-policy.ts";
import type { FederationFactory, FederationRuntime } from "../src/runtime.ts";
import type { Services } from "../src/services.ts";
import { VERSION } from "../src/version.ts";
import { federationBuilder } from "./builder.ts";
import { circuitBreakerOptions, readCircuits } from "./circuit-breaker.ts";
import { createDirectory } from "./directory.ts";
import { createLookup } from "./lookup.ts";
import { createInteractionLookup } from "./remote-interaction.ts";
import { fetchOptions } from "./fetch-policy.ts";
import { federationMiddleware } from "./hono.ts";
import { installOutgoingDeadline } from "./outgoing-deadline.ts";
import { installImportedKeyCache } from "./imported-keys.ts";
import { installPinnedDispatcher } from "./pinned-dispatcher.ts";
import { createNetwork } from "./network.ts";
import { runNetworkJob } from "./network-job.ts";
import { createOutbox, intentTranslator } from "./outbox/index.ts";
import { IntentQueue } from "./outbox/intent-queue.ts";
import { policyHostCheck } from "./policy.ts";
import { KyselyKvStore } from "./stores/kysely-kv-store.ts";
import { KyselyMessageQueue } from "./stores/kysely-message-queue.ts";
import { PolicyMessageQueue } from "./stores/policy-queue.ts";
import { createThreadBackfill } from "./thread-backfill.ts";
import { dropFollowersOnPermanentFailure } from "./dead-followers.ts";
import { FIRST_KNOCK, kvSpecDeterminer, withSignatureSpecsInMemory } from "./stores/signature-spec-memory.ts";

const logger = getLogger(["encommun", "federation"]);

export const createFederationRuntime: FederationFactory = async (config: Config, database: DatabaseHandle): Promise<FederationRuntime> => {
  await seedFederationPolicy(config, database);
  // The federation policy, read from the database (cached a second) on every
  // delivery enqueued and every fetch: admins' changes apply without a restart.
  const allowsHost = policyHostCheck(database.db, config.publicUrl);
  const removeDeadline = installOutgoingDeadline(config.delivery.requestTimeoutMs);
  const removeKeyCache = installImportedKeyCache();
  const store = new KyselyMessageQueue(database, {
    concurrency: config.delivery.queueWorkers,
    deliveriesPerHost: config.delivery.deliveriesPerHost,
  });
  const queue = new IntentQueue(new PolicyMessageQueue(store, allowsHost), store);
  const kv = new KyselyKvStore(database);
  const federationKv = withSignatureSpecsInMemory(kv);
  const federation = await federationBuilder().build({
    kv: federationKv,
    // Sign first as nearly every server verifies; a host that wants RFC 9421
    // answers 401 once, Fedify retries and remembers (FEDERATION.md).
    firstKnock: FIRST_KNOCK,
    queue,
    circuitBreaker: circuitBreakerOptions(config.circuitBreaker),
    origin: config.publicUrl.href,
    // Workers start the queue themselves (role worker or all); web processes only enqueue.
    manuallyStartQueue: true,
    ...fetchOptions(config.allowPrivateAddress, `encommun/${VERSION} (+${config.publicUrl.origin})`, allowsHost, kvSpecDeterminer(federationKv)),
  });
  if (config.allowPrivateAddress) {
    logger.warning("ALLOW_PRIVATE_ADDRESS is on: remote fetches may reach private addresses and plain http (tests only)");
  }
  // Every outgoing connection, Fedify's included, checks the address it connects to (DNS rebinding).
  const uninstallDispatcher = config.allowPrivateAddress ? async () => {} : installPinnedDispatcher();
  const services: Services = {
    config,
    db: database.db,
    dialect: database.dialect,
    outbox: createOutbox(queue),
    directory: createDirectory(federation, () => services),
    lookup: createLookup(federation, () => services),
    interactions: createInteractionLookup(() => services),
    network: createNetwork(federation, () => services),
    threadBackfill: createThreadBackfill(federation, () => services),
    queueHealth: {
      read: async () => {
        const { queued, ready = 0, delayed = 0 } = await store.getDepth();
        return { queued, ready, delayed, circuitBreaker: config.circuitBreaker, circuits: await readCircuits(kv, config.circuitBreaker) };
      },
    },
  };
  queue.handleIntentsWith(intentTranslator(federation, () => services));
  dropFollowersOnPermanentFailure(federation, kv);
  return {
    services,
    middleware: federationMiddleware(federation, services),
    startWorker: async (signal) => {
      await Promise.all([federation.startQueue(services, { signal }), runNetworkJob(services, signal)]);
    },
    close: async () => {
      removeDeadline();
      removeKeyCache();
      await uninstallDispatcher();
    },
  };
};

/** The policy from the environment, stored on first start; afterwards the database (admins' changes) wins. */
async function seedFederationPolicy(config: Config, database: DatabaseHandle): Promise<void> {
  const initial = { mode: config.federation.mode, blocked: config.federation.blockedInstances, allowed: config.federation.allowedInstances };
  const { seeded, policy } = await seedPolicy(database.db, initial);
  if (seeded) {
    logger.info("Federation policy stored from the environment: {mode}, {allowed} allowed, {blocked} blocked", {
      mode: policy.mode,
      allowed: policy.allowed.length,
      blocked: policy.blocked.length,
    });
  } else if (!samePolicy(policy, initial) && !samePolicy(initial, DEFAULT_POLICY)) {
    // Settings left at their defaults say nothing; explicit ones that no longer apply deserve a word.
    logger.warning(
      "FEDERATION_MODE, BLOCKED_INSTANCES and ALLOWED_INSTANCES differ from the stored federation policy ({mode}, updated {at}), which applies: change it with PUT /api/v1/admin/federation-policy",
      { mode: policy.mode, at: policy.updatedAt },
    );
  }
}
