// What every route, page and command gets: settings, the database and the
// ports to the federation layer. Built once by the composition root.
import type { Kysely } from "kysely";
import type { Config } from "./config/config.ts";
import type { Database } from "./db/schema.ts";
import type { Dialect } from "./db/database.ts";
import type { ActorDirectory } from "./domain/directory.ts";
import type { Outbox } from "./domain/intents.ts";
import type { RemoteLookup } from "./domain/lookup.ts";
import type { InteractionLookup } from "./domain/remote-interaction.ts";
import type { NetworkPort } from "./domain/network.ts";
import type { QueueHealthPort } from "./domain/queue-health.ts";
import type { ThreadBackfill } from "./domain/thread-backfill.ts";

export interface Services {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly outbox: Outbox;
  readonly directory: ActorDirectory;
  /** Actors, notes and notebooks by handle or URL (the search). */
  readonly lookup: RemoteLookup;
  /** Where another server's people follow, like or answer things of ours (WebFinger's subscribe template). Absent where no federation layer runs (unit tests): the pages then send people to `/authorize_interaction`. */
  readonly interactions?: InteractionLookup;
  /** Other instances: NodeInfo, instance actors, sisters' outboxes. Absent where no federation layer runs (unit tests). */
  readonly network?: NetworkPort;
  /** Completes threads whose root lives elsewhere from their sources. Absent where no federation layer runs (unit tests). */
  readonly threadBackfill?: ThreadBackfill;
  /** The outgoing queue's depth and the hosts whose deliveries fail or are held. Absent where no federation layer runs (unit tests). */
  readonly queueHealth?: QueueHealthPort;
}
