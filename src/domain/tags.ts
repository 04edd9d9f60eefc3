/**
 * The key of a hashtag: lower case, accents removed, only letters, digits and
 * underscores — the way Mastodon folds them (#Économie and #economie match).
 */
export function tagKey(name: string): string {
  return name
    .replace(/^#/, "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]/gu, "");
}

/** Cleans the tags a person typed: keeps the first spelling of each key, drops empty ones. */
export function normalizeTags(names: readonly string[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim().replace(/^#/, "").replace(/\s+/g, "_");
    const key = tagKey(name);
    if (key && !seen.has(key)) seen.set(key, name);
  }
  return [...seen].map(([key, name]) => ({ key, name }));
}
