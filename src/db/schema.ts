// Row types of the database, as Kysely sees them. Timestamps are ISO-8601
// UTC strings and booleans 0/1 integers, so SQLite and PostgreSQL agree.
import type { LabelTables } from "./labels-schema.ts";
import type { Generated } from "kysely";
import type { BlockTables } from "./block-schema.ts";
import type { AdminTables } from "./admin-schema.ts";
import type { CommunityTables } from "./community-schema.ts";
import type { KnowledgeTables } from "./knowledge-schema.ts";
import type { PolicyTables } from "./policy-schema.ts";
import type { SearchTables } from "./search-schema.ts";
import type { ReportTables } from "./report-schema.ts";
import type { InterestTables } from "./interest-schema.ts";

export type ActorType = "Person" | "Organization" | "Group" | "Application" | "Service";

export interface ActorsTable {
  id: string;
  uri: string;
  type: ActorType;
  is_local: number;
  username: string;
  username_key: string;
  domain: string;
  name: string | null;
  summary: string | null;
  icon_url: string | null;
  url: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  outbox_url: string | null;
  followers_url: string | null;
  following_url: string | null;
  /** JSON of {@link ProfileFields}. */
  profile_fields: Generated<string>;
  manually_approves_followers: Generated<number>;
  followers_count: number | null;
  following_count: number | null;
  fetched_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Listed in the directory and in people search (`toot:discoverable`). */
  discoverable: Generated<number>;
  /** Public notes may be found by full-text search (`toot:indexable`). */
  indexable: Generated<number>;
  /** Interests, region, standpoint and links shown to everyone and federated (new local people: 0). */
  profile_details_public: Generated<number>;
  /** A Québec administrative region's number, "01" … "17" (src/domain/regions.ts); shown only with the profile details. */
  region: string | null;
  /** A point the actor chose to give (degrees, WGS 84); shown only with the profile details. */
  latitude: number | null;
  longitude: number | null;
}

export interface UsersTable {
  actor_id: string;
  password_hash: string;
  is_admin: Generated<number>;
  created_at: string;
  /** Set while an administrator suspends the account (migration 20261204T041500): no sign-in, no token, profile hidden. */
  suspended_at: string | null;
  suspension_reason: string | null;
  /** Search engines may index their profile and notes (robots meta, sitemap). 0 by default. */
  allow_search_engines: Generated<number>;
  /** Visibility a new note starts with. */
  default_visibility: Generated<"public" | "unlisted" | "followers">;
}

export interface KeyPairsTable {
  actor_id: string;
  algorithm: "RSASSA-PKCS1-v1_5" | "Ed25519";
  private_jwk: string;
  public_jwk: string;
  created_at: string;
}

export type FollowStatus = "pending" | "accepted";

export interface FollowsTable {
  id: string;
  follower_id: string;
  following_id: string;
  activity_uri: string;
  status: FollowStatus;
  created_at: string;
  accepted_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  token_hash: string;
  user_id: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  code_hash: string;
  created_at: string;
  expires_at: string;
  uses_left: number;
}

export interface FedifyKvTable {
  key: string;
  value: string;
  expires_at: string | null;
}

export interface FedifyQueueTable {
  id: string;
  message: string;
  ordering_key: string | null;
  deliver_at: string;
  locked_until: string | null;
  attempts: Generated<number>;
  created_at: string;
  /** The host a delivery goes to (Fedify's `outbox` messages); null for other messages. */
  target_host: string | null;
}

/** One counted event (src/domain/rate-limits.ts), kept while inside its window. */
export interface RateEventsTable {
  key: string;
  at: string;
}

/** A Delete received for an object we never had (src/domain/remote-tombstones.ts). */
export interface RemoteTombstonesTable {
  uri: string;
  actor_uri: string;
  deleted_at: string;
}

export interface ModerationLogTable {
  id: string;
  /** The moderator or administrator who acted; null for the instance itself (an incoming remote action). */
  moderator_id: string | null;
  action: string;
  target_type: string;
  target_uri: string;
  community_id: string | null;
  reason: string | null;
  /** JSON object with what the action needs to be understood later. */
  details: Generated<string>;
  created_at: string;
}

export type DataExportStatus = "pending" | "running" | "ready" | "failed" | "expired";

/** A member's data export (src/domain/data-export/), built in the background; its link expires. */
export interface DataExportsTable {
  id: string;
  actor_id: string;
  status: DataExportStatus;
  done_items: Generated<number>;
  total_items: Generated<number>;
  /** Relative to the data folder, once ready. */
  storage_path: string | null;
  size: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
}

export interface Database extends KnowledgeTables, CommunityTables, PolicyTables, SearchTables, ReportTables, LabelTables, BlockTables, AdminTables, InterestTables {
  actors: ActorsTable;
  users: UsersTable;
  key_pairs: KeyPairsTable;
  follows: FollowsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  invitations: InvitationsTable;
  fedify_kv: FedifyKvTable;
  fedify_queue: FedifyQueueTable;
  rate_events: RateEventsTable;
  remote_tombstones: RemoteTombstonesTable;
  moderation_log: ModerationLogTable;
  data_exports: DataExportsTable;
}
