// Row types of blocks and limits (migration 20261204T043000_blocks_member-blocks_moderation-policies).

export type MemberBlockKind = "block" | "mute";

/** A member's own block or mute of a person or an instance. */
export interface MemberBlocksTable {
  id: string;
  owner_id: string;
  kind: MemberBlockKind;
  /** The actor id, or `host:<host>` for an instance. */
  target_key: string;
  target_actor_id: string | null;
  target_host: string | null;
  created_at: string;
}

export type ModerationPolicyTarget = "instance" | "account";
export type ModerationPolicyValue = "limit" | "block";

/** An administrator's limit or block of a remote account (`target`: actor URI) or instance (`target`: host). */
export interface ModerationPoliciesTable {
  id: string;
  target_type: ModerationPolicyTarget;
  target: string;
  policy: ModerationPolicyValue;
  reason: string | null;
  /** The administrator's actor id. */
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BlockTables {
  member_blocks: MemberBlocksTable;
  moderation_policies: ModerationPoliciesTable;
}
