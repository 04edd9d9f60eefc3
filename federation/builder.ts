// Everything the federation serves, registered on one builder. Only the
// runtime calls build(), with the stores and options of the deployment.
import { createFederationBuilder, type FederationBuilder } from "@fedify/fedify";
import type { Services } from "../src/services.ts";
import { registerActorDispatcher } from "./actors/dispatcher.ts";
import { registerFollowCollections } from "./collections/follows.ts";
import { registerOutboxCollection } from "./collections/outbox.ts";
import { registerInbox } from "./inbox/index.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerNoteDispatchers } from "./notes/dispatcher.ts";
import { registerTermDispatcher } from "./terms.ts";
import { registerNotebookDispatcher } from "./notebooks/dispatcher.ts";
import { registerFeaturedCollection } from "./communities/featured.ts";
import { registerWebFingerLinks } from "./webfinger-links.ts";

export function federationBuilder(): FederationBuilder<Services> {
  const builder = createFederationBuilder<Services>();
  registerActorDispatcher(builder);
  registerFollowCollections(builder);
  registerOutboxCollection(builder);
  registerInbox(builder);
  registerNodeInfo(builder);
  registerNoteDispatchers(builder);
  registerTermDispatcher(builder);
  registerNotebookDispatcher(builder);
  registerFeaturedCollection(builder);
  registerWebFingerLinks(builder);
  return builder;
}
