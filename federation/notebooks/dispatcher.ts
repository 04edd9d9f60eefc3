import type { FederationBuilder } from "@fedify/fedify";
import { OrderedCollection } from "@fedify/vocab";
import { findNotebook, loadNotebook } from "../../src/domain/notebooks.ts";
import { ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { toNotebookCollection } from "./to-collection.ts";

/** Serves local notebooks (deleted ones answer 410 from the tombstone middleware). */
export function registerNotebookDispatcher(builder: FederationBuilder<Services>): void {
  builder.setObjectDispatcher(OrderedCollection, ROUTES.notebook, async (ctx, values) => {
    const notebook = await findNotebook(ctx.data.db, values.id);
    if (!notebook || notebook.is_local !== 1 || notebook.deleted_at != null) return null;
    return toNotebookCollection(ctx, await loadNotebook(ctx.data.db, notebook));
  });
}
