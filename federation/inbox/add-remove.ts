import type { InboxContext } from "@fedify/fedify";
import type { Add, Remove } from "@fedify/vocab";
import type { Services } from "../../src/services.ts";
import { refreshRemoteNotebook } from "../notebooks/receive.ts";
import { senderOf } from "./sender.ts";

/** Add or Remove of a note in a remote notebook: refresh our copy of that notebook. Trusts the signature. */
export async function onNotebookChangeReceived(ctx: InboxContext<Services>, activity: Add | Remove): Promise<void> {
  if (activity.targetId == null) return;
  const signer = await senderOf(ctx, activity);
  if (!signer) return;
  await refreshRemoteNotebook(ctx, activity.targetId, signer);
}
