// Quality labels, their votes and history, and notifications (migration
// 20261204T041500_labels-locks_note-labels).

export type LabelOrigin = "local" | "remote";

export interface NoteLabelsTable {
  id: string;
  note_id: string;
  label: string;
  reason: string | null;
  source_url: string | null;
  set_by: string | null;
  community_id: string | null;
  origin: LabelOrigin;
  answer: string | null;
  answered_at: string | null;
  created_at: string;
}

export interface NoteLabelEventsTable {
  id: string;
  note_id: string;
  label: string;
  event: "added" | "removed" | "answered" | "voted";
  actor_id: string | null;
  text: string | null;
  created_at: string;
}

export interface NoteLabelVotesTable {
  note_id: string;
  label: string;
  voter_id: string;
  community_id: string;
  reason: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  recipient_id: string;
  kind: string;
  subject_uri: string;
  actor_id: string | null;
  created_at: string;
  read_at: string | null;
  /** Where it happened: the community of a cross-post or a report (migration 20261205T120000). */
  context_uri: string | null;
}

export interface LabelTables {
  note_labels: NoteLabelsTable;
  note_label_events: NoteLabelEventsTable;
  note_label_votes: NoteLabelVotesTable;
  notifications: NotificationsTable;
}
