// Every migration, by timestamped name. A static list (instead of reading the
// folder) works the same under Node, Deno and vitest, and never imports src/.
import type { Migration } from "kysely/migration";
import * as foundation from "./20261121T000000_foundation.ts";
import * as invitations from "./20261121T010000_invitations.ts";
import * as knowledge from "./20261122T000000_knowledge.ts";
import * as communities from "./20261122T010000_communities.ts";
import * as federationPolicy from "./20261122T020000_federation_policy.ts";
import * as threadBackfill from "./20261122T030000_thread_backfill.ts";
import * as rateEvents from "./20261122T040000_rate_events.ts";
import * as listIndexes from "./20261203T224800_list_indexes.ts";
import * as remoteTombstones from "./20261203T225400_kv-circuit_remote_tombstones.ts";
import * as queueHost from "./20261203T232325_delivery-limits_queue-host.ts";
import * as coauthorInvitations from "./20261203T233701_coauthor-consent_invitations.ts";
import * as localContexts from "./20261203T233714_interop-forum_local-contexts.ts";
import * as moderationLog from "./20261204T040000_moderation-log_discoverable.ts";
import * as searchFulltext from "./20261204T041000_search_fulltext.ts";
import * as reports from "./20261204T041500_reports_reports.ts";
import * as noteLabels from "./20261204T041500_labels-locks_note-labels.ts";
import * as memberBlocks from "./20261204T043000_blocks_member-blocks_moderation-policies.ts";
import * as privacyData from "./20261204T041500_privacy-data_redaction_exports.ts";
import * as memberChoices from "./20261204T041500_privacy-choices_member-choices.ts";
import * as followListIndexes from "./20261204T041500_perf-pages_follow-list-indexes.ts";
import * as communityOutboxIndex from "./20261204T041600_perf-pages_community-outbox-index.ts";
import * as authorNotesOrder from "./20261204T053000_perf-lists_author-notes-order.ts";
import * as interestsRegions from "./20261205T090000_discovery-interests_interests-regions.ts";
import * as editSummaries from "./20261205T090000_web-reading_edit-summaries.ts";
import * as noteDrafts from "./20261205T090000_web-writing_note-drafts.ts";
import * as instanceSettings from "./20261205T100000_web-admin-2_instance-settings_registration-requests.ts";
import * as homeAndProfileIndexes from "./20261205T100000_web-home_home-and-profile-indexes.ts";
import * as notificationContext from "./20261205T120000_web-notify_notification-context.ts";
import * as unclaimedDueIndex from "./20261205T130000_perf-queue_unclaimed-due-index.ts";

export const migrations: Record<string, Migration> = {
  "20261121T000000_foundation": foundation,
  "20261121T010000_invitations": invitations,
  "20261122T000000_knowledge": knowledge,
  "20261122T010000_communities": communities,
  "20261122T020000_federation_policy": federationPolicy,
  "20261122T030000_thread_backfill": threadBackfill,
  "20261122T040000_rate_events": rateEvents,
  "20261203T224800_list_indexes": listIndexes,
  "20261203T225400_kv-circuit_remote_tombstones": remoteTombstones,
  "20261203T232325_delivery-limits_queue-host": queueHost,
  "20261203T233701_coauthor-consent_invitations": coauthorInvitations,
  "20261203T233714_interop-forum_local-contexts": localContexts,
  "20261204T040000_moderation-log_discoverable": moderationLog,
  "20261204T041000_search_fulltext": searchFulltext,
  "20261204T041500_labels-locks_note-labels": noteLabels,
  "20261204T041500_perf-pages_follow-list-indexes": followListIndexes,
  "20261204T041500_privacy-choices_member-choices": memberChoices,
  "20261204T041500_privacy-data_redaction_exports": privacyData,
  "20261204T041500_reports_reports": reports,
  "20261204T041600_perf-pages_community-outbox-index": communityOutboxIndex,
  "20261204T043000_blocks_member-blocks_moderation-policies": memberBlocks,
  "20261204T053000_perf-lists_author-notes-order": authorNotesOrder,
  "20261205T090000_discovery-interests_interests-regions": interestsRegions,
  "20261205T090000_web-reading_edit-summaries": editSummaries,
  "20261205T090000_web-writing_note-drafts": noteDrafts,
  "20261205T100000_web-admin-2_instance-settings_registration-requests": instanceSettings,
  "20261205T100000_web-home_home-and-profile-indexes": homeAndProfileIndexes,
  "20261205T120000_web-notify_notification-context": notificationContext,
  "20261205T130000_perf-queue_unclaimed-due-index": unclaimedDueIndex,
};
