// The oEmbed discovery link (https://oembed.com, "Discovery") of a page
// that has an embeddable view (src/http/routes/embed-routes.ts).
export function oembedLink(origin: URL, path: string): { rel: string; type: string; href: string } {
  return { rel: "alternate", type: "application/json+oembed", href: `/oembed?url=${encodeURIComponent(new URL(path, origin).href)}&format=json` };
}
