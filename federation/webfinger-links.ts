// What our WebFinger answers add to Fedify's: where our members act on other
// servers' things (OStatus's subscribe template, which Mastodon's "interact
// from your instance" step reads). Every account of ours gets it: they are
// all handled by the same page, which asks the member to sign in.
import type { FederationBuilder } from "@fedify/fedify";
import { SUBSCRIBE_REL } from "../src/domain/remote-interaction.ts";
import type { Services } from "../src/services.ts";

export function registerWebFingerLinks(builder: FederationBuilder<Services>): void {
  builder.setWebFingerLinksDispatcher((ctx) => [
    // A template, not a URL: `{uri}` stays as is (new URL() would escape its braces).
    { rel: SUBSCRIBE_REL, template: `${ctx.data.config.publicUrl.origin}/authorize_interaction?uri={uri}` },
  ]);
}
