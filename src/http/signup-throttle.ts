// Brakes on sign-up floods: accounts created (open registrations) and
// requests held for approval count together, per client address, in the
// shared rate_events table (every web process sees one count). A school or a
// library behind one address still signs up a handful of people an hour.
import type { Context } from "hono";
import { recordEvent, secondsUntilAllowed, type RateWindow } from "../domain/rate-limits.ts";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./env.ts";

export const SIGNUPS_PER_ADDRESS: RateWindow = { max: 5, windowMs: 60 * 60 * 1000 };

function keysOf(c: Context<AppEnv>): string[] {
  const address = clientAddress(c);
  return address ? [`signup:${address}`] : [];
}

/** Seconds before this client may sign up (or apply) again; 0 when it may now. */
export function signupWait(c: Context<AppEnv>): Promise<number> {
  return secondsUntilAllowed(c.get("services").db, keysOf(c), SIGNUPS_PER_ADDRESS);
}

/** Counts one account created or one request held. */
export function countSignup(c: Context<AppEnv>): Promise<void> {
  return recordEvent(c.get("services").db, keysOf(c), SIGNUPS_PER_ADDRESS);
}
