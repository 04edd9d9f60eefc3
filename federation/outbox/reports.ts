// A report forwarded to the reported content's home server: a `Flag` from
// the instance actor (the reporter stays anonymous to the other server, as
// Mastodon does), in Mastodon's shape: `object` lists the account and then
// the content, the reporter's comment is `content`. Only URIs travel: the
// content itself (possibly private) is never attached.
import type { Context } from "@fedify/fedify";
import { Flag } from "@fedify/vocab";
import { findActorById, type ActorRow } from "../../src/domain/actors.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import { findReport } from "../../src/domain/reports.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { about } from "./ordering.ts";

export async function sendReportFlag(ctx: Context<Services>, reportId: string): Promise<void> {
  const report = await findReport(ctx.data.db, reportId);
  if (!report) return;
  const [account, community] = await Promise.all([
    report.target_account_id ? findActorById(ctx.data.db, report.target_account_id) : undefined,
    report.community_id ? findActorById(ctx.data.db, report.community_id) : undefined,
  ]);
  const objects = [account?.uri, report.target_uri].filter((uri, i, all): uri is string => uri != null && all.indexOf(uri) === i);
  // The account's server is the content's home; a post in a remote community is also reported to
  // that community (its moderators act on it: Lemmy sends reports to the Group).
  const recipients = [account, community].filter((a): a is ActorRow => a != null && a.is_local !== 1 && a.deleted_at == null);
  if (recipients.length === 0) return;
  const remoteCommunity = community && community.is_local !== 1 ? community : null;
  const flag = new Flag({
    id: new URL(`${ctx.getActorUri(INSTANCE_ACTOR_ID).href}#reports/${report.id}`),
    actor: ctx.getActorUri(INSTANCE_ACTOR_ID),
    objects: objects.map((uri) => new URL(uri)),
    content: report.comment || report.category,
    // Exactly one: Lemmy reads `to` as the one community (or site) the report is for and refuses more;
    // Mastodon ignores it and finds its accounts in `object`.
    to: new URL((remoteCommunity ?? recipients[0]!).uri),
    audience: remoteCommunity ? new URL(remoteCommunity.uri) : null,
  });
  await ctx.sendActivity({ identifier: INSTANCE_ACTOR_ID }, recipients.map(toRecipient), flag, about(report.target_uri, { preferSharedInbox: true }));
}
