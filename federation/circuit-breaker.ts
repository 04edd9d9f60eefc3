// Fedify's circuit breaker for outgoing deliveries, set from the configuration
// (CIRCUIT_* settings; the reasons for the defaults are in FEDERATION.md,
// "Delivery guarantees"), and read back for the queue health page. Its state
// lives in the KvStore, one key per host, so every worker shares it.
import { parseCircuitBreakerKvState, type CircuitBreakerOptions, type KvKey, type KvStore } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { CircuitBreakerSettings } from "../src/config/config.ts";
import type { HostCircuit } from "../src/domain/queue-health.ts";

const logger = getLogger(["encommun", "federation", "circuit"]);

/** Fedify's default kvPrefixes.circuitBreaker (we do not change it). */
const CIRCUIT_PREFIX: KvKey = ["_fedify", "circuit"];

export function circuitBreakerOptions(settings: CircuitBreakerSettings): CircuitBreakerOptions {
  return {
    failureThreshold: settings.failures,
    failureWindow: { milliseconds: settings.failureWindowMs },
    recoveryDelay: { milliseconds: settings.recoveryMs },
    heldActivityTtl: { milliseconds: settings.holdMs },
    onStateChange: (host, previous, next) => {
      if (next === "open") logger.warning("Deliveries to {host} are held: its circuit opened ({previous} → open)", { host, previous });
      else if (next === "closed") logger.info("Deliveries to {host} resume: its circuit closed", { host });
    },
    onActivityDrop: (host, drop) => {
      logger.error("Dropped {type} {id} for {inbox}: {host} stayed unreachable since {since}", {
        host,
        type: drop.activityType,
        id: drop.activityId ?? null,
        inbox: drop.inbox.href,
        since: drop.heldSince.toString(),
      });
    },
  };
}

/** Every host with a stored circuit state, open and half-open first. */
export async function readCircuits(kv: KvStore, settings: CircuitBreakerSettings): Promise<HostCircuit[]> {
  const circuits: HostCircuit[] = [];
  for await (const { key, value } of kv.list(CIRCUIT_PREFIX)) {
    if (key.length !== CIRCUIT_PREFIX.length + 1) continue; // Fedify's own markers live deeper
    const state = parseCircuitBreakerKvState(value);
    if (state == null) continue;
    const openedAt = state.opened ?? null;
    circuits.push({
      host: key[key.length - 1]!,
      state: state.state,
      recentFailures: state.failures.length,
      openedAt,
      nextProbeAt: state.state === "open" && openedAt != null ? new Date(Date.parse(openedAt) + settings.recoveryMs).toISOString() : null,
    });
  }
  const rank = { open: 0, "half-open": 1, closed: 2 } as const;
  return circuits.sort((a, b) => rank[a.state] - rank[b.state] || a.host.localeCompare(b.host));
}
