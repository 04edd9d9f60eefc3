// Add and Remove when a note enters or leaves a local notebook, Update when
// the notebook itself changes: to the remote followers of its curators.
import type { Context } from "@fedify/fedify";
import { Add, PUBLIC_COLLECTION, Remove, Update, type Recipient } from "@fedify/vocab";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findNotebook, loadNotebook } from "../../src/domain/notebooks.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { remoteFollowers } from "../notes/audience.ts";
import { toNotebookCollection } from "../notebooks/to-collection.ts";
import { about } from "./ordering.ts";

async function localNotebook(ctx: Context<Services>, notebookId: string) {
  const notebook = await findNotebook(ctx.data.db, notebookId);
  if (!notebook || notebook.is_local !== 1 || notebook.deleted_at != null) return null;
  const view = await loadNotebook(ctx.data.db, notebook);
  const sender = view.curators.find((c) => c.is_local === 1 && c.deleted_at == null);
  return sender ? { view, sender } : null;
}

/** Remote followers of the local curators, and remote curators. */
async function curatorAudience(ctx: Context<Services>, curators: readonly ActorRow[]): Promise<Recipient[]> {
  const followers = await remoteFollowers(ctx, curators.filter((c) => c.is_local === 1).map((c) => c.id));
  return [...followers, ...curators.filter((c) => c.is_local === 0).map(toRecipient)];
}

export async function sendNotebookItemChange(ctx: Context<Services>, notebookId: string, noteUri: string, change: "add" | "remove"): Promise<void> {
  const found = await localNotebook(ctx, notebookId);
  if (!found) return;
  const { view, sender } = found;
  const values = {
    id: new URL(`${view.notebook.uri}#${change}-${Date.now()}-${encodeURIComponent(noteUri)}`),
    actor: new URL(sender.uri),
    object: new URL(noteUri),
    target: toNotebookCollection(ctx, view),
    to: PUBLIC_COLLECTION,
    ccs: view.curators.filter((c) => c.is_local === 1).map((c) => ctx.getFollowersUri(c.id)),
  };
  const activity = change === "add" ? new Add(values) : new Remove(values);
  const recipients = await curatorAudience(ctx, view.curators);
  if (recipients.length > 0) await ctx.sendActivity({ identifier: sender.id }, recipients, activity, about(view.notebook.uri, { preferSharedInbox: true }));
}

export async function sendNotebookUpdated(ctx: Context<Services>, notebookId: string): Promise<void> {
  const found = await localNotebook(ctx, notebookId);
  if (!found) return;
  const { view, sender } = found;
  const update = new Update({
    id: new URL(`${view.notebook.uri}#update-${Date.parse(view.notebook.updated_at)}-${Date.now()}`),
    actor: new URL(sender.uri),
    object: toNotebookCollection(ctx, view),
    to: PUBLIC_COLLECTION,
    ccs: view.curators.filter((c) => c.is_local === 1).map((c) => ctx.getFollowersUri(c.id)),
  });
  const recipients = await curatorAudience(ctx, view.curators);
  if (recipients.length > 0) await ctx.sendActivity({ identifier: sender.id }, recipients, update, about(view.notebook.uri, { preferSharedInbox: true }));
}
