import { beforeEach, describe, expect, it } from "vitest";
import { findUserByHandle, verifyCredentials } from "../../src/domain/accounts.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { createInvitation, invitationPath, invitationState, spendInvitation } from "../../src/domain/invitations.ts";
import { hashSecret } from "../../src/domain/passwords.ts";
import { signUp } from "../../src/domain/registration.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

const PASSWORD = "correct horse battery";

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(DATABASES)("invitations and sign-up on $name", ({ open }) => {
  let services: TestServices;
  let origin: URL;
  const current = useServices(open);
  beforeEach(() => {
    services = current();
    origin = services.config.publicUrl;
  });

  async function usesLeft(code: string): Promise<number | undefined> {
    const row = await services.db.selectFrom("invitations").select("uses_left").where("code_hash", "=", hashSecret(code)).executeTakeFirst();
    return row?.uses_left;
  }

  describe("createInvitation", () => {
    it("returns a link with a secret code and stores only its hash, 1 use for 7 days by default", async () => {
      const invitation = await createInvitation(services.db, origin);
      expect(invitation.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(invitation.url).toBe(new URL(invitationPath(invitation.code), origin).href);
      const row = await services.db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ code_hash: hashSecret(invitation.code), uses_left: 1, expires_at: invitation.expiresAt });
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000 - 1000);
      expect(await invitationState(services.db, invitation.code)).toBe("valid");
      expect(await invitationState(services.db, "unknown")).toBe("unknown");
    });

    it("refuses limits out of range", async () => {
      for (const options of [{ uses: 0 }, { uses: 1.5 }, { uses: 1001 }, { days: 0 }, { days: 366 }]) {
        expect((await failure(createInvitation(services.db, origin, options))).code).toBe("invalid");
      }
      expect(await services.db.selectFrom("invitations").selectAll().execute()).toEqual([]);
    });
  });

  describe("spendInvitation", () => {
    it("spends one use at a time until none is left", async () => {
      const { code } = await createInvitation(services.db, origin, { uses: 2 });
      await spendInvitation(services.db, code);
      expect(await usesLeft(code)).toBe(1);
      expect(await invitationState(services.db, code)).toBe("valid");
      await spendInvitation(services.db, code);
      expect(await invitationState(services.db, code)).toBe("gone");
      expect((await failure(spendInvitation(services.db, code))).code).toBe("gone");
      expect(await usesLeft(code)).toBe(0);
      expect((await failure(spendInvitation(services.db, "unknown"))).code).toBe("gone");
    });

    it("refuses an expired invitation", async () => {
      const { code } = await createInvitation(services.db, origin, { uses: 3 });
      await services.db.updateTable("invitations").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
      expect(await invitationState(services.db, code)).toBe("gone");
      expect((await failure(spendInvitation(services.db, code))).code).toBe("gone");
      expect(await usesLeft(code)).toBe(3);
    });
  });

  describe("signUp", () => {
    it("is refused when registrations are closed", async () => {
      const { code } = await createInvitation(services.db, origin);
      expect((await failure(signUp(services.db, origin, "closed", { handle: "alice", password: PASSWORD, invitation: code }))).code).toBe("forbidden");
      expect(await findUserByHandle(services.db, origin, "alice")).toBeUndefined();
      expect(await usesLeft(code)).toBe(1);
    });

    it("creates an ordinary account when registrations are open", async () => {
      const { actor, user } = await signUp(services.db, origin, "open", { handle: "alice", password: PASSWORD, invitation: null });
      expect(actor.username).toBe("alice");
      expect(user.is_admin).toBe(0);
      expect(await verifyCredentials(services.db, origin, "alice", PASSWORD)).not.toBeNull();
    });

    it("needs a live invitation, spent only when the account is created", async () => {
      expect((await failure(signUp(services.db, origin, "invitation", { handle: "alice", password: PASSWORD, invitation: null }))).code).toBe("forbidden");
      const { code } = await createInvitation(services.db, origin);
      // Refused accounts leave the invitation as it was.
      expect((await failure(signUp(services.db, origin, "invitation", { handle: "admin", password: PASSWORD, invitation: code }))).code).toBe("conflict");
      expect((await failure(signUp(services.db, origin, "invitation", { handle: "alice", password: "short", invitation: code }))).code).toBe("invalid");
      expect(await usesLeft(code)).toBe(1);

      await signUp(services.db, origin, "invitation", { handle: "alice", password: PASSWORD, invitation: code });
      expect(await usesLeft(code)).toBe(0);
      expect((await failure(signUp(services.db, origin, "invitation", { handle: "bob", password: PASSWORD, invitation: code }))).code).toBe("gone");
      expect(await findUserByHandle(services.db, origin, "bob")).toBeUndefined();
    });

    it("lets only one of two simultaneous sign-ups use a single-use invitation", async () => {
      const { code } = await createInvitation(services.db, origin);
      const results = await Promise.allSettled(
        ["alice", "bob"].map((handle) => signUp(services.db, origin, "invitation", { handle, password: PASSWORD, invitation: code })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(DomainError);
      const users = await services.db.selectFrom("users").selectAll().execute();
      expect(users).toHaveLength(1);
      expect(await usesLeft(code)).toBe(0);
    });
  });
});
