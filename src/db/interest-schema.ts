// Row types of interest tags (migration 20261205T090000_discovery-interests_interests-regions).

/** One interest tag of a person, organization or community, keyed like a hashtag (src/domain/tags.ts). */
export interface ActorInterestsTable {
  actor_id: string;
  key: string;
  /** The spelling shown. */
  name: string;
}

/** One tag of a notebook. */
export interface NotebookTagsTable {
  notebook_id: string;
  key: string;
  name: string;
}

export interface InterestTables {
  actor_interests: ActorInterestsTable;
  notebook_tags: NotebookTagsTable;
}
