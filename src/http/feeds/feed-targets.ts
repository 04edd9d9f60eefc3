// Which public object a feed or an embed follows, found from its URL part.
// A private, deleted or unknown object is `undefined`: the caller answers
// 404, so a feed never tells that a private community exists.
import type { Context } from "hono";
import { findLocalActor, type ActorRow } from "../../domain/actors.ts";
import { findLocalCommunity, type Community } from "../../domain/communities.ts";
import { findNotebook, type NotebookRow } from "../../domain/notebooks.ts";
import { tagKey } from "../../domain/tags.ts";
import { findLocalTerm, type Term } from "../../domain/terms.ts";
import type { AppEnv } from "../env.ts";

export async function publicActor(c: Context<AppEnv>, handle: string, type: "Person" | "Organization"): Promise<ActorRow | undefined> {
  const { db, config } = c.get("services");
  const actor = await findLocalActor(db, config.publicUrl, handle.replace(/^@/, ""));
  return actor && actor.type === type && !actor.deleted_at ? actor : undefined;
}

export async function publicCommunity(c: Context<AppEnv>, handle: string): Promise<Community | undefined> {
  const { db, config } = c.get("services");
  const community = await findLocalCommunity(db, config.publicUrl, handle.replace(/^@/, ""));
  return community && community.settings.visibility === "public" && !community.actor.deleted_at ? community : undefined;
}

export async function publicNotebook(c: Context<AppEnv>, id: string): Promise<NotebookRow | undefined> {
  const notebook = await findNotebook(c.get("services").db, id);
  return notebook && notebook.is_local === 1 && !notebook.deleted_at ? notebook : undefined;
}

export async function publicTerm(c: Context<AppEnv>, slug: string): Promise<Term | undefined> {
  const term = await findLocalTerm(c.get("services").db, slug);
  return term && !term.deleted_at ? term : undefined;
}

/** A tag's key, or undefined when nothing of it is left after cleaning (`#!!!`). */
export function tagOf(raw: string): string | undefined {
  return tagKey(raw) || undefined;
}
