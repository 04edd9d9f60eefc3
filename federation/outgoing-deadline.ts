// Every request this process sends to another server has a deadline
// (OUTGOING_TIMEOUT_SECONDS): connecting, sending, waiting and reading the
// body all count. Fedify 2.3.6 takes a signal for document loads and
// lookups, but its deliveries (sendActivity, then doubleKnock) and
// getNodeInfo call the global fetch without one and have no option to pass
// one: a server that accepts the connection and never answers held a
// delivery, and its queue worker, for undici's five-minute header timeout,
// again at every retry. So the deadline sits on the global fetch, where
// every path goes through, Fedify's and ours. A caller's own signal still
// applies: the first of the two to fire aborts the request.

type Fetch = typeof globalThis.fetch;

/** The fetch found before the deadline was put on, kept on the wrapper so a second install replaces rather than stacks. */
const WITHOUT_DEADLINE = Symbol.for("encommun.fetchWithoutDeadline");
type Wrapped = Fetch & { [WITHOUT_DEADLINE]?: Fetch };

/** `fetch` with every request aborted (a TimeoutError) after `timeoutMs`. */
export function withDeadline(fetch: Fetch, timeoutMs: number): Fetch {
  return (input, init) => {
    const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const deadline = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: own ? AbortSignal.any([own, deadline]) : deadline });
  };
}

/**
 * Puts the deadline on this process's global fetch; returns what takes it
 * off. Process-wide on purpose (see above): the last install wins.
 */
export function installOutgoingDeadline(timeoutMs: number): () => void {
  const current = globalThis.fetch as Wrapped;
  const original = current[WITHOUT_DEADLINE] ?? current;
  const wrapped: Wrapped = Object.assign(withDeadline(original, timeoutMs), { [WITHOUT_DEADLINE]: original });
  globalThis.fetch = wrapped;
  return () => {
    if (globalThis.fetch === wrapped) globalThis.fetch = original;
  };
}
