// A private community's posts written here, to its members on other servers,
// addressed to each of them by URI. Mastodon and Hollo ignore the Group's
// Announce(Create) and keep a Create only when it names one of their accounts
// (or comes from someone followed): so each member's server also gets the
// author's own Create, whose object adds that server's members to `cc`. The
// post stays limited (never Public), and a server learns only its own members.
import type { Context } from "@fedify/fedify";
import type { Article, Create, Note, Recipient } from "@fedify/vocab";
import type { ActorRow } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { remoteFollowers } from "../notes/audience.ts";
import { about } from "../outbox/ordering.ts";

/** Members grouped by the inbox one POST reaches them all through (shared inbox, else their own). */
function byServer(members: readonly Recipient[]): Recipient[][] {
  const servers = new Map<string, Recipient[]>();
  for (const member of members) {
    const key = (member.endpoints?.sharedInbox ?? member.inboxId)?.href ?? member.id?.href ?? "";
    servers.set(key, [...(servers.get(key) ?? []), member]);
  }
  return [...servers.values()];
}

export async function sendToPrivateMembers(ctx: Context<Services>, group: ActorRow, sender: ActorRow, create: Create, object: Article | Note): Promise<void> {
  const members = (await remoteFollowers(ctx, [group.id])).filter((m) => m.id != null && m.id.href !== sender.uri);
  for (const server of byServer(members)) {
    const named = server.map((m) => m.id!);
    const addressed = object.clone({ ccs: [...object.ccIds, ...named] });
    const activity = create.clone({ object: addressed, ccs: [...create.ccIds, ...named] });
    await ctx.sendActivity({ identifier: sender.id }, server, activity, about(object.id ?? group.uri, { preferSharedInbox: true }));
  }
}
