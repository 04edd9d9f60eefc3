// Routes inbound activities to one handler per type. Fedify verifies HTTP
// signatures (and that the signer owns `actor`) before any handler runs;
// types without a handler are acknowledged with 202 and dropped.
import type { FederationBuilder } from "@fedify/fedify";
import { Accept, Activity, Add, Announce, Block, Create, Delete, Flag, Follow, Like, Reject, Remove, Undo, Update } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { INSTANCE_ACTOR_ID, ROUTES } from "../../src/domain/paths.ts";
import { isMalformedInputError } from "../../src/malformed-input.ts";
import type { Services } from "../../src/services.ts";
import { logMalformedActivity } from "../inbox-guard.ts";
import { onNotebookChangeReceived } from "./add-remove.ts";
import { onAnnounceReceived } from "./announce.ts";
import { onBlockReceived } from "./block.ts";
import { onCreateReceived } from "./create.ts";
import { onDeleteReceived, onUnverifiedActivity } from "./delete.ts";
import { onFlagReceived } from "./flag.ts";
import { onFollowReceived } from "./follow.ts";
import { onLikeReceived } from "./like.ts";
import { onAcceptReceived, onRejectReceived } from "./follow-answer.ts";
import { onUndoReceived } from "./undo.ts";
import { onUnsupportedActivityReceived } from "./unsupported.ts";
import { onUpdateReceived } from "./update.ts";

const logger = getLogger(["encommun", "inbox"]);

export function registerInbox(builder: FederationBuilder<Services>): void {
  builder
    .setInboxListeners(ROUTES.inbox, ROUTES.sharedInbox)
    .setSharedKeyDispatcher(() => ({ identifier: INSTANCE_ACTOR_ID }))
    .on(Follow, onFollowReceived)
    .on(Accept, onAcceptReceived)
    .on(Reject, onRejectReceived)
    .on(Undo, onUndoReceived)
    .on(Create, onCreateReceived)
    .on(Update, onUpdateReceived)
    .on(Delete, onDeleteReceived)
    .on(Add, onNotebookChangeReceived)
    .on(Announce, onAnnounceReceived)
    .on(Remove, onNotebookChangeReceived)
    .on(Like, onLikeReceived)
    .on(Flag, onFlagReceived)
    .on(Block, onBlockReceived)
    .on(Activity, onUnsupportedActivityReceived)
    .onUnverifiedActivity(onUnverifiedActivity)
    .onError((ctx, error) => {
      // While answering the POST, Fedify calls this just before it answers 400 to what it could not parse.
      if ("request" in ctx && ctx.request instanceof Request && isMalformedInputError(error)) {
        logMalformedActivity(ctx.request, error);
        return;
      }
      // Thrown errors make Fedify retry the activity from the queue.
      logger.error("Inbox handler failed: {error}", { error });
    });
}
