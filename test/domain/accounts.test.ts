import { beforeEach, describe, expect, it } from "vitest";
import {
  createUser,
  findUser,
  findUserByHandle,
  hasAdmin,
  listAdmins,
  listLocalPeople,
  localUsername,
  setPassword,
  verifyCredentials,
} from "../../src/domain/accounts.ts";
import { deleteLocalAccount } from "../../src/domain/account-deletion.ts";
import { createApiToken, findUserByToken } from "../../src/domain/api-tokens.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { hashSecret } from "../../src/domain/passwords.ts";
import { consumeSetupToken, issueSetupLinkIfNoAdmin, setupTokenState } from "../../src/domain/setup-links.ts";
import { createWebSession, deleteWebSession, findWebSession } from "../../src/domain/web-sessions.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

const PASSWORD = "correct horse battery";

describe.each(DATABASES)("accounts, tokens, sessions and setup links on $name", ({ open }) => {
  let services: TestServices;
  let origin: URL;
  const current = useServices(open);
  beforeEach(() => {
    services = current();
    origin = services.config.publicUrl;
  });

  async function count(table: "actors" | "users" | "sessions"): Promise<number> {
    const row = await services.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"]): Promise<void> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
  }

  describe("createUser", () => {
    it("creates a Person and its account, with a generated password when none is given", async () => {
      const { actor, user, password } = await createUser(services.db, origin, { handle: "Alice", password: null, isAdmin: false });
      expect(actor).toMatchObject({ username: "Alice", username_key: "alice", type: "Person", is_local: 1, domain: "test.example" });
      expect(user.actor_id).toBe(actor.id);
      expect(user.is_admin).toBe(0);
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(user.password_hash).toMatch(/^scrypt\$/);
      expect(await verifyCredentials(services.db, origin, "alice", password)).not.toBeNull();
    });

    it("refuses a password shorter than 10 characters and creates nothing", async () => {
      await expectDomainError(createUser(services.db, origin, { handle: "alice", password: "short", isAdmin: false }), "invalid");
      expect(await count("actors")).toBe(0);
    });

    it("refuses a taken handle (case-insensitively) or a reserved one, creating nothing", async () => {
      await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      await expectDomainError(createUser(services.db, origin, { handle: "ALICE", password: PASSWORD, isAdmin: false }), "conflict");
      await expectDomainError(createUser(services.db, origin, { handle: "admin", password: PASSWORD, isAdmin: false }), "conflict");
      await expectDomainError(createUser(services.db, origin, { handle: "no spaces", password: PASSWORD, isAdmin: false }), "invalid");
      expect(await count("actors")).toBe(1);
      expect(await count("users")).toBe(1);
    });

    it("tracks whether an administrator exists", async () => {
      expect(await hasAdmin(services.db)).toBe(false);
      await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false });
      expect(await hasAdmin(services.db)).toBe(false);
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: true });
      expect(await hasAdmin(services.db)).toBe(true);
      expect((await listAdmins(services.db)).map((a) => a.id)).toEqual([actor.id]);
      expect((await listLocalPeople(services.db, 10)).map((a) => a.username).sort()).toEqual(["alice", "bob"]);
    });
  });

  describe("verifyCredentials", () => {
    it("accepts the handle in its usual forms and refuses anything else", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      for (const handle of ["alice", "ALICE", "@alice", "@alice@test.example", "alice@TEST.example"]) {
        expect((await verifyCredentials(services.db, origin, handle, PASSWORD))?.actor.id).toBe(actor.id);
      }
      expect(await verifyCredentials(services.db, origin, "alice", "wrong password")).toBeNull();
      expect(await verifyCredentials(services.db, origin, "alice@elsewhere.example", PASSWORD)).toBeNull();
      expect(await verifyCredentials(services.db, origin, "nobody", PASSWORD)).toBeNull();
    });

    it("refuses a deleted account", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      await deleteLocalAccount(services, actor);
      expect(await verifyCredentials(services.db, origin, "alice", PASSWORD)).toBeNull();
      expect(await findUser(services.db, actor.id)).toBeUndefined();
      expect(await listLocalPeople(services.db, 10)).toEqual([]);
    });

    it("parses local handles", () => {
      expect(localUsername("@bob", origin)).toBe("bob");
      expect(localUsername(" bob ", origin)).toBe("bob");
      expect(localUsername("@bob@test.example", origin)).toBe("bob");
      expect(localUsername("bob@other.example", origin)).toBeNull();
      expect(localUsername("", origin)).toBeNull();
    });
  });

  describe("setPassword", () => {
    it("replaces the password and ends the account's sessions", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const session = await createWebSession(services.db, actor.id);
      await setPassword(services.db, actor.id, "another long password");
      expect(await verifyCredentials(services.db, origin, "alice", PASSWORD)).toBeNull();
      expect(await verifyCredentials(services.db, origin, "alice", "another long password")).not.toBeNull();
      expect(await findWebSession(services.db, session.id)).toBeUndefined();
    });

    it("refuses a short password and an unknown account", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      await expectDomainError(setPassword(services.db, actor.id, "123456789"), "invalid");
      expect(await verifyCredentials(services.db, origin, "alice", PASSWORD)).not.toBeNull();
      await expectDomainError(setPassword(services.db, "nobody", PASSWORD), "not_found");
    });
  });

  describe("API tokens", () => {
    it("returns an ec_ token once, stores only its hash, and records its use", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const token = await createApiToken(services.db, actor.id, "script");
      expect(token).toMatch(/^ec_[A-Za-z0-9_-]{43}$/);
      const row = await services.db.selectFrom("api_tokens").selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ token_hash: hashSecret(token), user_id: actor.id, label: "script", last_used_at: null });
      expect((await findUserByToken(services.db, token))?.actor.id).toBe(actor.id);
      const used = await services.db.selectFrom("api_tokens").select("last_used_at").executeTakeFirstOrThrow();
      expect(used.last_used_at).not.toBeNull();
      expect(await findUserByToken(services.db, token + "x")).toBeUndefined();
      expect(await findUserByToken(services.db, "not-a-token")).toBeUndefined();
    });

    it("stops working when the account is deleted", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const token = await createApiToken(services.db, actor.id, "script");
      await deleteLocalAccount(services, actor);
      expect(await findUserByToken(services.db, token)).toBeUndefined();
    });
  });

  describe("web sessions", () => {
    it("are found by their secret id (stored hashed) until deleted or expired", async () => {
      const { actor } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const session = await createWebSession(services.db, actor.id);
      const row = await services.db.selectFrom("sessions").selectAll().executeTakeFirstOrThrow();
      expect(row.id_hash).toBe(hashSecret(session.id));
      expect(Date.parse(row.expires_at) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
      const found = await findWebSession(services.db, session.id);
      expect(found?.account.actor.id).toBe(actor.id);
      expect(found?.csrfToken).toBe(session.csrfToken);

      await services.db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
      expect(await findWebSession(services.db, session.id)).toBeUndefined();

      const second = await createWebSession(services.db, actor.id);
      expect(await count("sessions")).toBe(1); // the expired one was cleaned up
      await deleteWebSession(services.db, second.id);
      expect(await findWebSession(services.db, second.id)).toBeUndefined();
    });
  });

  describe("setup links", () => {
    function tokenOf(url: string): string {
      return decodeURIComponent(new URL(url).pathname.replace("/setup/", ""));
    }

    it("creates the first administrator once", async () => {
      const url = await issueSetupLinkIfNoAdmin(services.db, origin);
      expect(url).toMatch(/^https:\/\/test\.example\/setup\/[A-Za-z0-9_-]+$/);
      const token = tokenOf(url!);
      expect(await setupTokenState(services.db, token)).toBe("valid");
      const stored = await services.db.selectFrom("setup_tokens").selectAll().executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(hashSecret(token));

      const { actor, user } = await consumeSetupToken(services.db, origin, token, { handle: "alice", password: PASSWORD });
      expect(actor.username).toBe("alice");
      expect(user.is_admin).toBe(1);
      expect(await setupTokenState(services.db, token)).toBe("gone");
      await expectDomainError(consumeSetupToken(services.db, origin, token, { handle: "bob", password: PASSWORD }), "gone");
      expect(await issueSetupLinkIfNoAdmin(services.db, origin)).toBeNull();
      expect(await count("users")).toBe(1);
    });

    it("invalidates earlier links and expires after 24 hours", async () => {
      const first = tokenOf((await issueSetupLinkIfNoAdmin(services.db, origin))!);
      const second = tokenOf((await issueSetupLinkIfNoAdmin(services.db, origin))!);
      expect(await setupTokenState(services.db, first)).toBe("gone");
      expect(await setupTokenState(services.db, second)).toBe("valid");
      expect(await setupTokenState(services.db, "unknown-token")).toBe("unknown");
      await services.db.updateTable("setup_tokens").set({ expires_at: new Date(Date.now() - 1).toISOString() }).execute();
      expect(await setupTokenState(services.db, second)).toBe("gone");
      await expectDomainError(consumeSetupToken(services.db, origin, second, { handle: "alice", password: PASSWORD }), "gone");
      expect(await count("actors")).toBe(0);
    });

    it("stays usable when the form is refused", async () => {
      const token = tokenOf((await issueSetupLinkIfNoAdmin(services.db, origin))!);
      await expectDomainError(consumeSetupToken(services.db, origin, token, { handle: "alice", password: "short" }), "invalid");
      await expectDomainError(consumeSetupToken(services.db, origin, token, { handle: "admin", password: PASSWORD }), "conflict");
      expect(await setupTokenState(services.db, token)).toBe("valid");
      expect(await count("actors")).toBe(0);
      await consumeSetupToken(services.db, origin, token, { handle: "alice", password: PASSWORD });
      expect((await findUserByHandle(services.db, origin, "alice"))?.user.is_admin).toBe(1);
    });

    it("is spent when an administrator was created another way", async () => {
      const token = tokenOf((await issueSetupLinkIfNoAdmin(services.db, origin))!);
      await createUser(services.db, origin, { handle: "root", password: PASSWORD, isAdmin: true });
      expect(await setupTokenState(services.db, token)).toBe("gone");
      await expectDomainError(consumeSetupToken(services.db, origin, token, { handle: "alice", password: PASSWORD }), "gone");
      expect(await findUserByHandle(services.db, origin, "alice")).toBeUndefined();
    });
  });
});
