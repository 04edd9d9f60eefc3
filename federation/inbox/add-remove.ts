import type { InboxContext } from "@fedify/fedify";
import { Add, type Remove } from "@fedify/vocab";
import type { Services } from "../../src/services.ts";
import { refreshRemoteNotebook } from "../notebooks/receive.ts";
import { onModeratorCollectionChange } from "./moderator-collections.ts";
import { senderOf } from "./sender.ts";

/**
 * Add or Remove on one of our communities' collections (a remote moderator's
 * pin or moderator change, moderator-collections.ts), or of a note in a
 * remote notebook: refresh our copy of that notebook. Trusts the signature.
 */
export async function onNotebookChangeReceived(ctx: InboxContext<Services>, activity: Add | Remove): Promise<void> {
  if (activity.targetId == null) return;
  if (await onModeratorCollectionChange(ctx, activity, activity instanceof Add)) return;
  const signer = await senderOf(ctx, activity);
  if (!signer) return;
  await refreshRemoteNotebook(ctx, activity.targetId, signer);
}
