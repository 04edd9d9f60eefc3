import { describe, expect, it } from "vitest";
import { DatabaseBusyError, findDatabaseBusy, isDatabaseBusy, isSqliteBusy, retryWhileBusy } from "../../src/db/busy.ts";

const busy = () => Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });

/** A statement that meets a lock every time, counting its attempts. */
function alwaysLocked() {
  const statement = {
    attempts: 0,
    run: (): never => {
      statement.attempts += 1;
      throw busy();
    },
  };
  return statement;
}

/** A clock that only moves when the retry loop sleeps, so the test is exact and instant. */
function fakeClock() {
  let now = 1_000;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    sleep: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

describe("retryWhileBusy", () => {
  it("tries again after SQLITE_BUSY, pausing longer each time, until the statement goes through", async () => {
    const clock = fakeClock();
    let attempts = 0;
    const result = await retryWhileBusy(
      () => {
        attempts += 1;
        if (attempts < 6) throw busy();
        return "done";
      },
      { timeoutMs: 5_000, firstPauseMs: 4, maxPauseMs: 16, ...clock },
    );
    expect(result).toBe("done");
    expect(attempts).toBe(6);
    expect(clock.pauses).toHaveLength(5);
    // Doubling from 4 ms up to 16 ms, each with up to half taken off (jitter).
    const bounds = [4, 8, 16, 16, 16];
    clock.pauses.forEach((pause, i) => {
      expect(pause).toBeGreaterThanOrEqual(bounds[i]! / 2);
      expect(pause).toBeLessThanOrEqual(bounds[i]!);
    });
  });

  it("gives up with DatabaseBusyError once the timeout has passed, keeping SQLite's error as the cause", async () => {
    const clock = fakeClock();
    const statement = alwaysLocked();
    const failure = await retryWhileBusy(statement.run, { timeoutMs: 1_000, maxPauseMs: 100, ...clock }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseBusyError);
    const error = failure as DatabaseBusyError;
    expect((error.cause as { code: string }).code).toBe("SQLITE_BUSY");
    expect(error.retryAfterSeconds).toBe(1);
    // It never sleeps past the deadline, and makes a last attempt at it.
    expect(clock.pauses.reduce((a, b) => a + b, 0)).toBeCloseTo(1_000, 6);
    expect(statement.attempts).toBe(clock.pauses.length + 1);
  });

  it("counts the time already spent waiting for our own connection against the timeout", async () => {
    const clock = fakeClock();
    const statement = alwaysLocked();
    const failure = await retryWhileBusy(statement.run, { timeoutMs: 1_000, ...clock }, clock.now() - 1_000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseBusyError);
    expect(statement.attempts).toBe(1);
    expect(clock.pauses).toEqual([]);
  });

  it("lets any other error through at once", async () => {
    const clock = fakeClock();
    const constraint = Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    await expect(retryWhileBusy(() => { throw constraint; }, { timeoutMs: 5_000, ...clock })).rejects.toBe(constraint);
    expect(clock.pauses).toEqual([]);
  });
});

describe("recognizing a busy database", () => {
  it("knows SQLite's busy codes, extended ones included, and nothing else", () => {
    for (const code of ["SQLITE_BUSY", "SQLITE_BUSY_RECOVERY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT"]) {
      expect(isSqliteBusy(Object.assign(new Error(), { code }))).toBe(true);
    }
    for (const error of [Object.assign(new Error(), { code: "SQLITE_LOCKED" }), new Error("busy"), null, "SQLITE_BUSY"]) {
      expect(isSqliteBusy(error)).toBe(false);
    }
  });

  it("finds a DatabaseBusyError wrapped by whoever rethrew it (a cause, an AggregateError)", () => {
    const busyError = new DatabaseBusyError(5_000);
    expect(busyError.retryAfterSeconds).toBe(5);
    expect(isDatabaseBusy(busyError)).toBe(true);
    expect(findDatabaseBusy(new Error("Failed to enqueue", { cause: busyError }))).toBe(busyError);
    expect(findDatabaseBusy(new AggregateError([new Error("other"), busyError]))).toBe(busyError);
    expect(isDatabaseBusy(new Error("Internal"))).toBe(false);
    expect(isDatabaseBusy(busy())).toBe(false);
  });
});
