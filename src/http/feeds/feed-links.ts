// The feed URLs of each page (docs/API.md, "Feeds"), for its
// `<link rel="alternate">`s and for the routes that serve them.
type FeedLink = { readonly rel: string; readonly type: string; readonly href: string };

/** `/feeds/people/alice` → its RSS and Atom links; `query` keeps a search's `?q=`. */
export function feedLinks(base: string, query = ""): FeedLink[] {
  return [
    { rel: "alternate", type: "application/rss+xml", href: `${base}.rss${query}` },
    { rel: "alternate", type: "application/atom+xml", href: `${base}.atom${query}` },
  ];
}

const part = (text: string) => encodeURIComponent(text);

export const FEED_PATHS = {
  instance: () => "/feeds/notes",
  person: (username: string) => `/feeds/people/${part(username)}`,
  organization: (username: string) => `/feeds/organizations/${part(username)}`,
  community: (username: string) => `/feeds/c/${part(username)}`,
  notebook: (id: string) => `/feeds/notebooks/${part(id)}`,
  term: (slug: string) => `/feeds/terms/${part(slug)}`,
  tag: (key: string) => `/feeds/tags/${part(key)}`,
  search: () => "/feeds/search",
} as const;
