// What an administrator sees of outgoing delivery (GET /api/v1/admin/queue):
// the persistent queue's depth and the hosts whose deliveries are failing or
// held by the circuit breaker. The federation layer reads both (port below).
import type { CircuitBreakerSettings } from "../config/config.ts";

export interface HostCircuit {
  readonly host: string;
  /** `closed` with recent failures, `open` (deliveries held), `half-open` (one probe in flight). */
  readonly state: "closed" | "open" | "half-open";
  /** Failures counted in the current window. */
  readonly recentFailures: number;
  readonly openedAt: string | null;
  /** When an open circuit lets one held delivery try the host again. */
  readonly nextProbeAt: string | null;
}

export interface QueueHealth {
  readonly queued: number;
  readonly ready: number;
  readonly delayed: number;
  readonly circuitBreaker: CircuitBreakerSettings;
  /** Hosts with a stored circuit state, open ones first. */
  readonly circuits: readonly HostCircuit[];
}

export interface QueueHealthPort {
  read(): Promise<QueueHealth>;
}
