// Sign-up from the web, as the instance's registration mode allows: never
// when closed, with an invitation code when by invitation, freely when open.
import type { Kysely } from "kysely";
import type { RegistrationMode } from "../config/config.ts";
import type { Database } from "../db/schema.ts";
import { createUser, preparePassword, type Account } from "./accounts.ts";
import { DomainError } from "./errors.ts";
import { spendInvitation } from "./invitations.ts";

export interface SignUp {
  handle: string;
  password: string;
  /** Required in `invitation` mode, ignored otherwise. */
  invitation: string | null;
}

/** Creates an ordinary (non-admin) account; the invitation is spent in the same transaction. */
export async function signUp(db: Kysely<Database>, origin: URL, mode: RegistrationMode, input: SignUp): Promise<Account> {
  if (mode === "closed") throw new DomainError("forbidden", "Registrations are closed on this instance");
  // Those are requests, decided by an administrator (registration-requests.ts).
  if (mode === "approval") throw new DomainError("forbidden", "Registrations on this instance need an administrator's approval");
  const code = input.invitation;
  if (mode === "invitation" && !code) throw new DomainError("forbidden", "Registrations on this instance need an invitation");
  const account = { handle: input.handle, password: await preparePassword(input.password), isAdmin: false };
  const { actor, user } =
    mode === "open" || !code
      ? await createUser(db, origin, account)
      : await db.transaction().execute(async (trx) => {
          await spendInvitation(trx, code);
          return createUser(trx, origin, account);
        });
  return { actor, user };
}
