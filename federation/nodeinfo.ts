// NodeInfo 2.1: what network pages and crawlers read about the instance,
// including En commun's region, sector and languages in `metadata`.
import type { FederationBuilder } from "@fedify/fedify";
import { currentInstance } from "../src/domain/instance-settings.ts";
import { instanceStats } from "../src/domain/instance-stats.ts";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import type { Services } from "../src/services.ts";
import { VERSION } from "../src/version.ts";

export const NODEINFO_PATH = "/nodeinfo/2.1";

export function registerNodeInfo(builder: FederationBuilder<Services>): void {
  builder.setNodeInfoDispatcher(NODEINFO_PATH, async (ctx) => {
    // What administrators saved wins over the environment (src/domain/instance-settings.ts).
    const instance = await currentInstance(ctx.data.db, ctx.data.config.instance);
    const stats = await instanceStats(ctx.data.db);
    return {
      software: {
        name: "encommun",
        version: VERSION,
        homepage: new URL(ctx.data.config.publicUrl),
      },
      protocols: ["activitypub"],
      services: { inbound: [], outbound: [] },
      // As Mastodon does: anyone may apply when sign-ups need approval (metadata.registrationMode says which).
      openRegistrations: instance.registrationMode === "open" || instance.registrationMode === "approval",
      usage: {
        users: { total: stats.users, activeMonth: stats.activeMonth, activeHalfyear: stats.activeHalfyear },
        localPosts: stats.localPosts,
        localComments: stats.localComments,
      },
      metadata: {
        nodeName: instance.name,
        nodeDescription: instance.description,
        region: instance.region,
        sector: instance.sector,
        languages: [...instance.languages],
        contact: instance.contact,
        registrationMode: instance.registrationMode,
        staffAccounts: stats.staffActorUris,
        instanceActor: ctx.getActorUri(INSTANCE_ACTOR_ID).href,
      },
    };
  });
}
