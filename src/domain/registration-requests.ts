// Sign-ups held for approval (registration mode `approval`): the applicant
// chooses a handle and a password and says why they want to join; nothing
// exists in the network until an administrator approves (no actor, no
// WebFinger), then the account is created with the password they chose.
// A pending request holds its handle, so nobody else takes it meanwhile. The
// applicant signs in only once approved; before, the sign-in page tells them
// where their request stands (src/http/routes/auth.ts).
import type { Kysely, Selectable } from "kysely";
import type { RegistrationRequestsTable, RegistrationRequestStatus } from "../db/admin-schema.ts";
import type { Database } from "../db/schema.ts";
import { createUser, preparePassword, type Account } from "./accounts.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { handleKey } from "./handles.ts";
import { newId } from "./ids.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { verifyPassword } from "./passwords.ts";

type Db = Kysely<Database>;
export type RegistrationRequestRow = Selectable<RegistrationRequestsTable>;

export const MAX_ANSWER_LENGTH = 1000;
export const MAX_REFUSAL_LENGTH = 1000;

/** What an administrator reads (never the password's hash). */
export interface RegistrationRequest {
  readonly id: string;
  readonly handle: string;
  readonly answer: string;
  readonly language: string;
  readonly status: RegistrationRequestStatus;
  readonly reason: string | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

function summary(row: RegistrationRequestRow): RegistrationRequest {
  return { id: row.id, handle: row.handle, answer: row.answer, language: row.language, status: row.status, reason: row.reason, createdAt: row.created_at, decidedAt: row.decided_at };
}

/** The pending request that holds this handle, if any (handles compare without case, as accounts do). */
export async function pendingRequestFor(db: Db, handle: string): Promise<RegistrationRequestRow | undefined> {
  return db
    .selectFrom("registration_requests")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["handle"]), "=", handleKey(handle)))
    .where("status", "=", "pending")
    .executeTakeFirst();
}

export interface NewRegistrationRequest {
  readonly handle: string;
  readonly password: string;
  readonly answer: string;
  readonly language: string;
}

/**
 * Holds a sign-up for approval. The caller has checked the handle against
 * accounts and the password's strength (src/http/forms.ts); the answer is
 * required, since it is all an administrator has to decide on.
 */
export async function requestRegistration(db: Db, input: NewRegistrationRequest): Promise<RegistrationRequest> {
  const answer = input.answer.trim();
  if (answer === "") throw new DomainError("invalid", "Say why you want to join", [{ field: "answer", reason: "required" }]);
  if (answer.length > MAX_ANSWER_LENGTH) throw new DomainError("invalid", `The answer is limited to ${MAX_ANSWER_LENGTH} characters`, [{ field: "answer", reason: "too_long", limit: MAX_ANSWER_LENGTH }]);
  if (await pendingRequestFor(db, input.handle)) throw new DomainError("conflict", "This handle is already requested", [{ field: "handle", reason: "handle_taken" }]);
  const prepared = await preparePassword(input.password);
  const row: RegistrationRequestRow = {
    id: newId(),
    handle: input.handle,
    password_hash: prepared.hash,
    answer,
    language: input.language,
    status: "pending",
    reason: null,
    created_at: isoNow(),
    decided_at: null,
    decided_by: null,
  };
  await db.insertInto("registration_requests").values(row).execute();
  return summary(row);
}

/** Requests in one state, oldest first for `pending` (first come, first read), newest first otherwise. */
export async function listRegistrationRequests(db: Db, status: RegistrationRequestStatus = "pending", limit = 100): Promise<RegistrationRequest[]> {
  const rows = await db
    .selectFrom("registration_requests")
    .selectAll()
    .where("status", "=", status)
    .orderBy("created_at", status === "pending" ? "asc" : "desc")
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map(summary);
}

export async function countPendingRequests(db: Db): Promise<number> {
  const row = await db.selectFrom("registration_requests").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "pending").executeTakeFirstOrThrow();
  return Number(row.n);
}

async function pendingRequest(db: Db, id: string): Promise<RegistrationRequestRow> {
  const row = await db.selectFrom("registration_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such registration request");
  if (row.status !== "pending") throw new DomainError("conflict", `This request was already ${row.status}`);
  return row;
}

/**
 * Creates the applicant's account with the password they chose, in one
 * transaction with the decision and its log entry. A handle taken meanwhile
 * (an administrator created it from the command line) is a conflict.
 */
export async function approveRequest(db: Db, origin: URL, by: ActorRow, id: string): Promise<Account> {
  const row = await pendingRequest(db, id);
  return db.transaction().execute(async (tx) => {
    const decided = await tx
      .updateTable("registration_requests")
      .set({ status: "approved", decided_at: isoNow(), decided_by: by.id })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    // Another administrator decided between the read and now.
    if (Number(decided.numUpdatedRows) === 0) throw new DomainError("conflict", "This request was already decided");
    const account = await createUser(tx, origin, { handle: row.handle, password: { password: "", hash: row.password_hash }, isAdmin: false });
    await recordModerationAction(tx, { moderatorId: by.id, action: "registration-approved", targetType: "actor", targetUri: account.actor.uri, details: { request: id } });
    return { actor: account.actor, user: account.user };
  });
}

/** Refuses a request, with an optional reason the applicant reads when they try to sign in. */
export async function refuseRequest(db: Db, by: ActorRow, id: string, reason: string | null): Promise<void> {
  const text = reason?.trim() || null;
  if (text != null && text.length > MAX_REFUSAL_LENGTH) throw new DomainError("invalid", `The reason is limited to ${MAX_REFUSAL_LENGTH} characters`, [{ field: "reason", reason: "too_long", limit: MAX_REFUSAL_LENGTH }]);
  const row = await pendingRequest(db, id);
  await db.transaction().execute(async (tx) => {
    const decided = await tx
      .updateTable("registration_requests")
      .set({ status: "refused", reason: text, decided_at: isoNow(), decided_by: by.id })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) === 0) throw new DomainError("conflict", "This request was already decided");
    // The handle is not an actor: the log names the request.
    await recordModerationAction(tx, { moderatorId: by.id, action: "registration-refused", targetType: "registration", targetUri: `registration:${row.handle}`, reason: text, details: { request: id } });
  });
}

/**
 * Where the applicant's request stands, for the sign-in page, when the handle
 * and password are those of a request still pending or refused (and of no
 * account: the caller asks only after the credentials matched none). The
 * password must match, so nobody learns someone else's decision.
 */
export async function requestStanding(db: Db, handle: string, password: string): Promise<{ status: "pending" | "refused"; reason: string | null } | null> {
  const row = await db
    .selectFrom("registration_requests")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["handle"]), "=", handleKey(handle.trim().replace(/^@/, ""))))
    .where("status", "in", ["pending", "refused"])
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(password, row.password_hash))) return null;
  return { status: row.status === "pending" ? "pending" : "refused", reason: row.reason };
}
