// Row types of Passerelles (migration 20261122T010000_communities).
import type { Generated } from "kysely";

export type CommunityVisibility = "public" | "private";

export interface CommunitiesTable {
  actor_id: string;
  visibility: CommunityVisibility;
  rules: string | null;
  /** JSON array of language codes. */
  languages: Generated<string>;
  /** JSON array of region or theme tags. */
  topics: Generated<string>;
  posting_restricted_to_mods: Generated<number>;
  created_at: string;
  /** Null: only moderators set quality labels; N: N distinct members' votes set one (docs/LABELS.md). */
  label_vote_threshold: number | null;
}

export interface CommunityModeratorsTable {
  community_id: string;
  actor_id: string;
  created_at: string;
}

export interface CommunityBansTable {
  community_id: string;
  actor_id: string;
  reason: string | null;
  created_at: string;
}

export interface CommunityPostsTable {
  community_id: string;
  note_id: string;
  is_thread: number;
  pinned: Generated<number>;
  locked: Generated<number>;
  removed_at: string | null;
  created_at: string;
}

export interface CommunityLinksTable {
  community_id: string;
  linked_uri: string;
  created_at: string;
}

export type ReactionKind = "like" | "share";

export interface ReactionsTable {
  id: string;
  kind: ReactionKind;
  actor_id: string;
  note_id: string;
  activity_uri: string;
  created_at: string;
}

export interface NoteReadsTable {
  note_id: string;
  count: Generated<number>;
}

export interface CommunityTables {
  communities: CommunitiesTable;
  community_moderators: CommunityModeratorsTable;
  community_bans: CommunityBansTable;
  community_posts: CommunityPostsTable;
  community_links: CommunityLinksTable;
  reactions: ReactionsTable;
  note_reads: NoteReadsTable;
}
