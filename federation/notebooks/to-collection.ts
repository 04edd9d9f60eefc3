// A notebook as an OrderedCollection: title, description, curators, cover
// and its notes (local or remote) in reading order. Sections have no
// ActivityStreams equivalent: they stay on the page; the order reflects them.
import type { Context } from "@fedify/fedify";
import { Image, OrderedCollection } from "@fedify/vocab";
import { orderedItems, type NotebookView } from "../../src/domain/notebooks.ts";
import { escapeHtml } from "../../src/domain/sanitize.ts";
import type { Services } from "../../src/services.ts";

export function toNotebookCollection(_ctx: Context<Services>, view: NotebookView): OrderedCollection {
  const { notebook } = view;
  const items = orderedItems(view).map((v) => new URL(v.item.note_uri));
  return new OrderedCollection({
    id: new URL(notebook.uri),
    url: new URL(notebook.url ?? notebook.uri),
    name: notebook.title,
    summary: notebook.summary ? `<p>${escapeHtml(notebook.summary)}</p>` : null,
    attributions: view.curators.map((c) => new URL(c.uri)),
    image: notebook.cover_url ? new Image({ url: new URL(notebook.cover_url) }) : null,
    published: Temporal.Instant.from(notebook.created_at),
    updated: Temporal.Instant.from(notebook.updated_at),
    totalItems: items.length,
    items,
  });
}
