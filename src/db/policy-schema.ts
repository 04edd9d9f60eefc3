// Row types of the federation policy and the network of instances
// (migration 20261122T020000_federation_policy).
import type { Generated } from "kysely";

export type FederationModeValue = "open" | "network-only";

export interface FederationPolicyTable {
  /** Always "current". */
  id: string;
  mode: FederationModeValue;
  /** JSON array of hosts. */
  blocked_hosts: string;
  /** JSON array of hosts. */
  allowed_hosts: string;
  updated_at: string;
  /** The administrator's actor id; null while seeded from the environment. */
  updated_by: string | null;
}

export interface FederationPolicyChangesTable {
  id: string;
  actor_id: string;
  actor_handle: string;
  summary: string;
  created_at: string;
}

export interface KnownInstancesTable {
  host: string;
  name: string | null;
  description: string | null;
  software: string | null;
  version: string | null;
  region: string | null;
  sector: string | null;
  /** JSON array of language codes. */
  languages: Generated<string>;
  users_total: number | null;
  users_active_month: number | null;
  local_posts: number | null;
  open_registrations: number | null;
  instance_actor_uri: string | null;
  nodeinfo_fetched_at: string | null;
  nodeinfo_error: string | null;
  outbox_synced_at: string | null;
  created_at: string;
}

export interface PolicyTables {
  federation_policy: FederationPolicyTable;
  federation_policy_changes: FederationPolicyChangesTable;
  known_instances: KnownInstancesTable;
}
