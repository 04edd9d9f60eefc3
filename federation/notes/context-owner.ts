// FEP-7888 / FEP-f228: a conversation's `context` collection names its owner in
// `attributedTo`: the community whose moderators keep the thread, or the
// author. Fedify builds collections without that property, so it is added to
// the served JSON, as the Group's Lemmy fields are.
import { conversationOwner } from "../../src/domain/communities.ts";
import { findNoteById } from "../../src/domain/notes.ts";
import { ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";

const CONTEXT_PATH = new RegExp(`^${ROUTES.noteContext.replace("{id}", "([0-9a-z]{26})")}$`);

export async function attributeContextCollection(services: Services, document: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (document.type !== "OrderedCollection" || typeof document.id !== "string") return document;
  const url = new URL(document.id);
  const match = CONTEXT_PATH.exec(url.pathname);
  if (url.origin !== services.config.publicUrl.origin || !match) return document;
  const note = await findNoteById(services.db, match[1]!);
  const owner = note ? await conversationOwner(services.db, note) : undefined;
  return owner ? { ...document, attributedTo: owner.uri } : document;
}
