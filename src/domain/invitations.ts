// Invitation codes for instances whose registrations are by invitation. An
// administrator creates one from the CLI and hands out the link; only the
// code's hash is stored, and each sign-up spends one use.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { isoIn, isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newSecret } from "./ids.ts";
import { hashSecret } from "./passwords.ts";

export const INVITATION_DEFAULTS = { uses: 1, days: 7 } as const;
export const MAX_INVITATION_USES = 1000;
export const MAX_INVITATION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export function invitationPath(code: string): string {
  return `/signup?invite=${encodeURIComponent(code)}`;
}

export interface NewInvitation {
  /** The secret code, in clear only here. */
  readonly code: string;
  readonly url: string;
  readonly usesLeft: number;
  readonly expiresAt: string;
}

/** Why these limits are refused, or null. */
export function invitationLimitsProblem(uses: number, days: number): string | null {
  if (!Number.isInteger(uses) || uses < 1 || uses > MAX_INVITATION_USES) return `uses must be an integer from 1 to ${MAX_INVITATION_USES}`;
  if (!Number.isInteger(days) || days < 1 || days > MAX_INVITATION_DAYS) return `days must be an integer from 1 to ${MAX_INVITATION_DAYS}`;
  return null;
}

export async function createInvitation(
  db: Kysely<Database>,
  origin: URL,
  options: { uses?: number; days?: number } = {},
): Promise<NewInvitation> {
  const uses = options.uses ?? INVITATION_DEFAULTS.uses;
  const days = options.days ?? INVITATION_DEFAULTS.days;
  const problem = invitationLimitsProblem(uses, days);
  if (problem) throw new DomainError("invalid", problem);
  const code = newSecret();
  const expiresAt = isoIn(days * DAY_MS);
  await db.insertInto("invitations").values({ code_hash: hashSecret(code), created_at: isoNow(), expires_at: expiresAt, uses_left: uses }).execute();
  return { code, url: new URL(invitationPath(code), origin).href, usesLeft: uses, expiresAt };
}

export type InvitationState = "valid" | "gone" | "unknown";

/** `gone` when every use is spent or the invitation expired. */
export async function invitationState(db: Kysely<Database>, code: string): Promise<InvitationState> {
  const row = await db.selectFrom("invitations").selectAll().where("code_hash", "=", hashSecret(code)).executeTakeFirst();
  if (!row) return "unknown";
  return row.uses_left > 0 && row.expires_at > isoNow() ? "valid" : "gone";
}

/**
 * Spends one use. Call it inside the transaction that creates the account:
 * the conditional decrement lets only as many sign-ups through as there were
 * uses, and a refused sign-up rolls the use back.
 */
export async function spendInvitation(db: Kysely<Database>, code: string): Promise<void> {
  const spent = await db
    .updateTable("invitations")
    .set((eb) => ({ uses_left: eb("uses_left", "-", 1) }))
    .where("code_hash", "=", hashSecret(code))
    .where("uses_left", ">", 0)
    .where("expires_at", ">", isoNow())
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) === 0) throw new DomainError("gone", "This invitation was already used or has expired");
}

/** An invitation as administrators see it: never its code, which only its link holder has. */
export interface InvitationSummary {
  /** The stored hash of the code: names the invitation (to revoke it) without revealing it. */
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usesLeft: number;
}

/** Invitations that can still be used, newest first. */
export async function listValidInvitations(db: Kysely<Database>, limit = 100): Promise<InvitationSummary[]> {
  const rows = await db
    .selectFrom("invitations")
    .selectAll()
    .where("uses_left", ">", 0)
    .where("expires_at", ">", isoNow())
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.code_hash, createdAt: row.created_at, expiresAt: row.expires_at, usesLeft: row.uses_left }));
}

/** Revokes an invitation: its link stops working at once. 404 when there is no such invitation. */
export async function revokeInvitation(db: Kysely<Database>, id: string): Promise<void> {
  const deleted = await db.deleteFrom("invitations").where("code_hash", "=", id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw new DomainError("not_found", "No such invitation");
}
