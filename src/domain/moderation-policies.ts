// An administrator limits or blocks a remote account or a whole instance
// (issue 14, "Blocks and limits"), reversibly, every change in the
// moderation log:
// - limit: the account's or instance's content stays out of public lists and
//   search, and their follows of our members wait for approval;
// - block: their activities are refused and nothing is delivered to them,
//   and their content already stored here is hidden (not deleted: unblocking
//   shows it again; `purgeInstance` deletes it for good).
// An instance block is an entry of the federation policy's blocklist, which
// already refuses inbound and outbound traffic at the edges
// (federation-policy.ts); the `moderation_policies` row adds the reason and
// keeps limits. A blocked account loses its follows both ways at once (as a
// Mastodon suspension of a remote account severs them), silently: nothing is
// sent to it, and its signed requests are refused.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { ModerationPolicyTarget } from "../db/block-schema.ts";
import type { Services } from "../services.ts";
import { handleOf, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { forgetCachedRestrictions } from "./content-restrictions.ts";
import { DomainError } from "./errors.ts";
import { currentPolicy, hostMatches, parseHost, setPolicy } from "./federation-policy.ts";
import { newId } from "./ids.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { markRemoteNoteDeleted } from "./remote-notes.ts";

export const POLICY_VALUES = ["limit", "block", "none"] as const;
export type PolicyValue = (typeof POLICY_VALUES)[number];
export const MAX_REASON_LENGTH = 1000;

export interface Administrator {
  readonly actor: ActorRow;
  readonly isAdmin: boolean;
}

export interface ModerationPolicy {
  readonly targetType: ModerationPolicyTarget;
  /** A host, or an account's actor URI. */
  readonly target: string;
  /** The account's handle (accounts only). */
  readonly handle: string | null;
  /** `none` only in the answer to a change that lifted a limit or block. */
  readonly policy: PolicyValue;
  readonly reason: string | null;
  readonly updatedAt: string | null;
}

function requireAdmin(by: Administrator): void {
  if (!by.isAdmin) throw new DomainError("forbidden", "Only administrators may do this");
}

function parsePolicyInput(policy: unknown, reason: unknown): { policy: PolicyValue; reason: string | null } {
  const problems: string[] = [];
  if (!(POLICY_VALUES as readonly unknown[]).includes(policy)) problems.push(`policy must be one of ${POLICY_VALUES.join(", ")}`);
  if (reason != null && typeof reason !== "string") problems.push("reason must be text");
  else if (typeof reason === "string" && reason.length > MAX_REASON_LENGTH) problems.push(`reason may be at most ${MAX_REASON_LENGTH} characters`);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
  const text = typeof reason === "string" ? reason.trim() : "";
  return { policy: policy as PolicyValue, reason: text === "" ? null : text };
}

async function storedPolicy(db: Kysely<Database>, type: ModerationPolicyTarget, target: string) {
  return db.selectFrom("moderation_policies").selectAll().where("target_type", "=", type).where("target", "=", target).executeTakeFirst();
}

async function storePolicy(db: Kysely<Database>, type: ModerationPolicyTarget, target: string, value: PolicyValue, reason: string | null, by: ActorRow): Promise<void> {
  if (value === "none") {
    await db.deleteFrom("moderation_policies").where("target_type", "=", type).where("target", "=", target).execute();
    return;
  }
  const now = isoNow();
  await db
    .insertInto("moderation_policies")
    .values({ id: newId(), target_type: type, target, policy: value, reason, created_by: by.id, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(["target_type", "target"]).doUpdateSet({ policy: value, reason, created_by: by.id, updated_at: now }))
    .execute();
}

const ACTIONS: Record<ModerationPolicyTarget, Record<PolicyValue, string>> = {
  instance: { block: "instance-blocked", limit: "instance-limited", none: "instance-unrestricted" },
  account: { block: "account-blocked", limit: "account-limited", none: "account-unrestricted" },
};

/**
 * Limits, blocks or frees (`none`) a remote instance. Blocking adds the host
 * to the federation policy's blocklist; any other value takes it out.
 */
export async function setInstancePolicy(services: Pick<Services, "db" | "config">, by: Administrator, domain: string, input: { policy?: unknown; reason?: unknown }): Promise<ModerationPolicy> {
  requireAdmin(by);
  const host = parseHost(domain);
  if (host == null) throw new DomainError("invalid", `Not a host: ${domain}`);
  if (hostMatches(host, services.config.publicUrl.host.toLowerCase())) throw new DomainError("invalid", "An instance cannot limit or block itself");
  const { policy, reason } = parsePolicyInput(input.policy, input.reason);
  const before = await currentPolicy(services.db);
  const listed = before.blocked.includes(host);
  if (policy === "block" && !listed) await setPolicy(services, by, { blockedInstances: [...before.blocked, host] });
  if (policy !== "block" && listed) await setPolicy(services, by, { blockedInstances: before.blocked.filter((h) => h !== host) });
  const previous = await storedPolicy(services.db, "instance", host);
  await storePolicy(services.db, "instance", host, policy, reason, by.actor);
  forgetCachedRestrictions(services.db);
  if ((previous?.policy ?? (listed ? "block" : "none")) !== policy || (previous?.reason ?? null) !== reason) {
    await recordModerationAction(services.db, { moderatorId: by.actor.id, action: ACTIONS.instance[policy], targetType: "instance", targetUri: host, reason });
  }
  return { targetType: "instance", target: host, handle: null, policy, reason, updatedAt: isoNow() };
}

/** Limits, blocks or frees (`none`) a remote account. Local accounts are suspended, not limited. */
export async function setAccountPolicy(services: Pick<Services, "db" | "config">, by: Administrator, actor: ActorRow, input: { policy?: unknown; reason?: unknown }): Promise<ModerationPolicy> {
  requireAdmin(by);
  if (actor.is_local === 1) throw new DomainError("invalid", "Only remote accounts are limited or blocked; a local account is suspended");
  const { policy, reason } = parsePolicyInput(input.policy, input.reason);
  const previous = await storedPolicy(services.db, "account", actor.uri);
  await services.db.transaction().execute(async (tx) => {
    await storePolicy(tx, "account", actor.uri, policy, reason, by.actor);
    // A block severs the account's follows both ways: nothing of ours is delivered to it any more.
    if (policy === "block") await tx.deleteFrom("follows").where((eb) => eb.or([eb("follower_id", "=", actor.id), eb("following_id", "=", actor.id)])).execute();
  });
  forgetCachedRestrictions(services.db);
  if ((previous?.policy ?? "none") !== policy || (previous?.reason ?? null) !== reason) {
    await recordModerationAction(services.db, {
      moderatorId: by.actor.id,
      action: ACTIONS.account[policy],
      targetType: "actor",
      targetUri: actor.uri,
      reason,
      details: { handle: handleOf(actor) },
    });
  }
  return { targetType: "account", target: actor.uri, handle: handleOf(actor), policy, reason, updatedAt: isoNow() };
}

/** Every limit and block in force: blocked instances (the federation policy's blocklist), limited ones, accounts. */
export async function listModerationPolicies(db: Kysely<Database>): Promise<ModerationPolicy[]> {
  const [policy, rows] = await Promise.all([currentPolicy(db), db.selectFrom("moderation_policies").selectAll().orderBy("updated_at", "desc").execute()]);
  const accounts = rows.filter((r) => r.target_type === "account");
  const actors = accounts.length > 0 ? await db.selectFrom("actors").select(["uri", "username", "domain"]).where("uri", "in", accounts.map((r) => r.target)).execute() : [];
  const handles = new Map(actors.map((a) => [a.uri, handleOf(a)]));
  const instances = rows.filter((r) => r.target_type === "instance");
  const blocked: ModerationPolicy[] = policy.blocked.map((host) => {
    const row = instances.find((r) => r.target === host && r.policy === "block");
    return { targetType: "instance", target: host, handle: null, policy: "block", reason: row?.reason ?? null, updatedAt: row?.updated_at ?? policy.updatedAt };
  });
  const limited: ModerationPolicy[] = instances
    .filter((r) => r.policy === "limit" && !policy.blocked.includes(r.target))
    .map((r) => ({ targetType: "instance", target: r.target, handle: null, policy: "limit", reason: r.reason, updatedAt: r.updated_at }));
  return [
    ...blocked,
    ...limited,
    ...accounts.map((r) => ({ targetType: "account" as const, target: r.target, handle: handles.get(r.target) ?? null, policy: r.policy, reason: r.reason, updatedAt: r.updated_at })),
  ];
}

/** The policy of an account or instance: limited accounts and hosts ask for approval of their follows. */
export async function isFollowerLimited(db: Kysely<Database>, follower: Pick<ActorRow, "uri" | "domain" | "is_local">): Promise<boolean> {
  if (follower.is_local === 1) return false;
  const rows = await db.selectFrom("moderation_policies").select(["target_type", "target"]).where("policy", "=", "limit").execute();
  return rows.some((r) => (r.target_type === "account" ? r.target === follower.uri : hostMatches(r.target, follower.domain)));
}

export interface PurgeResult {
  readonly host: string;
  readonly notes: number;
  readonly reactions: number;
  readonly follows: number;
}

/**
 * Deletes for good what a blocked instance left here: its accounts' notes
 * (tombstones kept, content dropped, as for a remote Delete), their likes and
 * shares, and their follows. Only for a blocked instance (409 otherwise),
 * since anything else would come back with its next activity.
 */
export async function purgeInstance(services: Pick<Services, "db" | "config">, by: Administrator, domain: string): Promise<PurgeResult> {
  requireAdmin(by);
  const host = parseHost(domain);
  if (host == null) throw new DomainError("invalid", `Not a host: ${domain}`);
  const { db } = services;
  if (!(await currentPolicy(db)).blocked.includes(host)) throw new DomainError("conflict", `Block ${host} before purging its content`);
  const actorIds = (await db.selectFrom("actors").select(["id", "domain"]).where("is_local", "=", 0).execute()).filter((a) => hostMatches(host, a.domain)).map((a) => a.id);
  const noteUris = new Set<string>();
  for (let i = 0; i < actorIds.length; i += 200) {
    const chunk = actorIds.slice(i, i + 200);
    const rows = await db
      .selectFrom("notes")
      .innerJoin("note_authors", "note_authors.note_id", "notes.id")
      .select("notes.uri")
      .where("note_authors.actor_id", "in", chunk)
      .where("notes.is_local", "=", 0)
      .where("notes.deleted_at", "is", null)
      .execute();
    for (const r of rows) noteUris.add(r.uri);
  }
  let notes = 0;
  for (const uri of noteUris) if (await markRemoteNoteDeleted(db, uri)) notes += 1;
  let reactions = 0;
  let follows = 0;
  for (let i = 0; i < actorIds.length; i += 200) {
    const chunk = actorIds.slice(i, i + 200);
    reactions += Number((await db.deleteFrom("reactions").where("actor_id", "in", chunk).executeTakeFirst()).numDeletedRows);
    follows += Number((await db.deleteFrom("follows").where((eb) => eb.or([eb("follower_id", "in", chunk), eb("following_id", "in", chunk)])).executeTakeFirst()).numDeletedRows);
  }
  await recordModerationAction(db, { moderatorId: by.actor.id, action: "instance-purged", targetType: "instance", targetUri: host, details: { notes, reactions, follows } });
  return { host, notes, reactions, follows };
}
