// Who a note written here names with `@name` or `@name@this-host`: the people
// of this instance it mentions (they are notified). Names of other servers'
// people are left to those servers; email addresses and paths are not
// mentions (an `@` preceded by a word character or a slash is not one).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findLocalActor, hostOf } from "./actors.ts";

const MENTION = /(?<![\w@/.])@([a-z0-9_](?:[a-z0-9_.-]{0,28}[a-z0-9_])?)(?:@([a-z0-9.-]+(?::\d{1,5})?))?/gi;
/** A note naming more people than this notifies the first ones only (a flood is not a conversation). */
export const MAX_MENTIONS = 20;

/** The handles of this instance that a text names, in order, each once. */
export function mentionedUsernames(text: string, origin: URL): string[] {
  const host = hostOf(origin).toLowerCase();
  const names: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const [, username, mentionHost] = match;
    if (mentionHost != null && mentionHost.toLowerCase() !== host) continue;
    const key = username!.toLowerCase();
    if (!names.includes(key)) names.push(key);
    if (names.length >= MAX_MENTIONS) break;
  }
  return names;
}

/** The local people (not communities or organizations) a text names. */
export async function mentionedLocalPeople(db: Kysely<Database>, origin: URL, text: string): Promise<string[]> {
  const ids: string[] = [];
  for (const username of mentionedUsernames(text, origin)) {
    const actor = await findLocalActor(db, origin, username);
    if (actor && actor.type === "Person" && actor.deleted_at == null) ids.push(actor.id);
  }
  return ids;
}
