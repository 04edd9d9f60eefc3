// The search's query string, read the same way by the page and the API:
// what was typed, which kind (by the API's list names or the page's), the
// filters and the paging. Anything unknown or malformed is left out rather
// than refused: a filter that cannot be read does not filter.
import type { Context } from "hono";
import type { SearchDocumentKind } from "../db/search-schema.ts";
import { isSearchKind, type SearchFilters } from "../domain/search/search.ts";
import type { AppEnv } from "./env.ts";

/** The API's list names, each a kind. */
export const LIST_NAMES: Record<SearchDocumentKind, string> = {
  note: "notes",
  notebook: "notebooks",
  term: "terms",
  person: "people",
  organization: "organizations",
  community: "communities",
};

const BY_LIST_NAME = new Map(Object.entries(LIST_NAMES).map(([kind, list]) => [list, kind as SearchDocumentKind]));

export function kindOf(value: string | undefined): SearchDocumentKind | null {
  if (!value) return null;
  return isSearchKind(value) ? value : (BY_LIST_NAME.get(value) ?? null);
}

export interface SearchParams {
  readonly q: string;
  readonly kind: SearchDocumentKind | null;
  readonly filters: SearchFilters;
  readonly offset: number;
}

const FILTER_NAMES = ["tag", "term", "community", "instance", "region", "language", "license", "from", "to"] as const;

export function searchParams(c: Context<AppEnv>): SearchParams {
  const filters: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = c.req.query(name)?.trim().slice(0, 200);
    if (value) filters[name] = value;
  }
  const offset = Number.parseInt(c.req.query("offset") ?? "0", 10);
  return {
    q: c.req.query("q") ?? "",
    kind: kindOf(c.req.query("type")),
    filters,
    offset: Number.isFinite(offset) && offset > 0 ? Math.min(offset, 10_000) : 0,
  };
}

/** The search's query string for another page or kind (links on the page). */
export function searchHref(params: SearchParams, change: { kind?: SearchDocumentKind | null; offset?: number }): string {
  const query = new URLSearchParams({ q: params.q });
  const kind = change.kind === undefined ? params.kind : change.kind;
  if (kind) query.set("type", kind);
  for (const [name, value] of Object.entries(params.filters)) if (value) query.set(name, value);
  const offset = change.offset ?? 0;
  if (offset > 0) query.set("offset", String(offset));
  return `/search?${query}`;
}
