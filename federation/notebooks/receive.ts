// Add, Remove and Update of a notebook from another instance: the activity
// only says "this notebook changed"; we refetch the collection from its home
// (authoritative) and keep a copy, when someone here follows a curator.
import type { InboxContext } from "@fedify/fedify";
import { OrderedCollection } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../../src/domain/actors.ts";
import { upsertRemoteNotebook } from "../../src/domain/remote-notebooks.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { toRemoteNotebookData } from "./persist-notebook.ts";
import { lookupWithinPolicy } from "../policy.ts";

const logger = getLogger(["encommun", "inbox", "notebooks"]);

async function followedByUs(ctx: InboxContext<Services>, curators: ActorRow[]): Promise<boolean> {
  if (curators.length === 0) return false;
  const row = await ctx.data.db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .select("follows.id")
    .where("follows.following_id", "in", curators.map((c) => c.id))
    .where("follows.status", "=", "accepted")
    .where("actors.is_local", "=", 1)
    .executeTakeFirst();
  return row != null;
}

/** Trusts nothing in the activity but its signer: the notebook must live on the signer's server and name the signer as a curator. */
export async function refreshRemoteNotebook(ctx: InboxContext<Services>, notebookUri: URL, signer: ActorRow): Promise<boolean> {
  if (notebookUri.origin !== new URL(signer.uri).origin || notebookUri.origin === ctx.data.config.publicUrl.origin) return false;
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const collection = await lookupWithinPolicy(ctx, notebookUri.href, { documentLoader }).catch(() => null);
  if (!(collection instanceof OrderedCollection) || collection.id?.href !== notebookUri.href) return false;
  const data = await toRemoteNotebookData(ctx, collection, documentLoader);
  if (!data?.curators.some((c) => c.id === signer.id)) {
    logger.warning("Rejected change of notebook {notebook} by {signer}, who is not one of its curators", { notebook: notebookUri.href, signer: signer.uri });
    return false;
  }
  if (!(await followedByUs(ctx, data.curators))) return false;
  await upsertRemoteNotebook(ctx.data.db, data);
  return true;
}
