// RSS 2.0 and Atom 1.0, written by hand: both are a few elements, and every
// text goes through one escape. Each entry says its licence (RSS
// <dc:rights> + <category domain="license">, Atom <rights> + rel="license"),
// and its quality labels as categories of their own scheme.
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import type { FeedEntry } from "../../domain/feeds/feed-entries.ts";
import { licenseByUri } from "../../domain/licenses.ts";
import type { Language } from "../../config/config.ts";
import type { QualityLabel } from "../../domain/note-labels.ts";
import { t } from "../i18n/messages.ts";

/** The scheme of quality-label categories: the same term as the ActivityPub extension (FEDERATION.md, "Quality labels"). */
const QUALITY_LABEL_SCHEME = "https://encommun.org/ns#QualityLabel";

export interface FeedHead {
  readonly title: string;
  readonly description: string;
  /** The HTML page this feed follows. */
  readonly pageUrl: string;
  /** This feed's own URL (RSS atom:link rel="self", Atom id and rel="self"). */
  readonly selfUrl: string;
  readonly lang: Language;
  readonly origin: URL;
}

const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" };

/** The five predefined XML entities: every feed reader decodes them. */
function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => ENTITIES[ch]!);
}

/** Where a reader goes: our page for every note we have, so private servers' links never leak. */
function entryLink(origin: URL, entry: FeedEntry): string {
  return new URL(`/notes/${encodeURIComponent(entry.note.id)}`, origin).href;
}

function authorName(actor: ActorRow): string {
  return actor.name?.trim() || handleOf(actor);
}

function authorUrl(actor: ActorRow): string {
  return actor.url ?? actor.uri;
}

function rightsOf(entry: FeedEntry, lang: Language): { text: string; uri: string | null } {
  const license = licenseByUri(entry.note.license);
  if (license) return { text: license.label[lang], uri: license.uri };
  return { text: entry.note.license ?? "", uri: entry.note.license };
}

function labelText(label: QualityLabel, lang: Language): string {
  return t(lang, `labels.${label}`);
}

function newest(entries: readonly FeedEntry[]): string {
  return entries.reduce((max, e) => (e.note.updated_at > max ? e.note.updated_at : max), "1970-01-01T00:00:00.000Z");
}

export function rssFeed(head: FeedHead, entries: readonly FeedEntry[]): string {
  const items = entries.map((entry) => {
    const rights = rightsOf(entry, head.lang);
    const link = entryLink(head.origin, entry);
    return [
      "<item>",
      `<title>${xml(entry.note.title)}</title>`,
      `<link>${xml(link)}</link>`,
      `<guid isPermaLink="false">${xml(entry.note.uri)}</guid>`,
      `<pubDate>${new Date(entry.note.published_at).toUTCString()}</pubDate>`,
      `<atom:updated>${xml(new Date(entry.note.updated_at).toISOString())}</atom:updated>`,
      ...entry.authors.map((a) => `<dc:creator>${xml(authorName(a))}</dc:creator>`),
      `<dc:rights>${xml(rights.text)}</dc:rights>`,
      rights.uri ? `<category domain="license">${xml(rights.uri)}</category>` : "",
      ...entry.labels.map((label) => `<category domain="${QUALITY_LABEL_SCHEME}">${xml(labelText(label, head.lang))}</category>`),
      entry.note.summary ? `<description>${xml(entry.note.summary)}</description>` : "",
      `<content:encoded>${xml(entry.note.content_html)}</content:encoded>`,
      "</item>",
    ].filter(Boolean).join("\n");
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${xml(head.title)}</title>
<link>${xml(head.pageUrl)}</link>
<description>${xml(head.description)}</description>
<language>${head.lang}</language>
<lastBuildDate>${new Date(newest(entries)).toUTCString()}</lastBuildDate>
<atom:link href="${xml(head.selfUrl)}" rel="self" type="application/rss+xml"/>
${items.join("\n")}
</channel>
</rss>
`;
}

export function atomFeed(head: FeedHead, entries: readonly FeedEntry[]): string {
  const items = entries.map((entry) => {
    const rights = rightsOf(entry, head.lang);
    return [
      "<entry>",
      `<id>${xml(entry.note.uri)}</id>`,
      `<title>${xml(entry.note.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(entryLink(head.origin, entry))}"/>`,
      `<published>${xml(new Date(entry.note.published_at).toISOString())}</published>`,
      `<updated>${xml(new Date(entry.note.updated_at).toISOString())}</updated>`,
      ...entry.authors.map((a) => `<author><name>${xml(authorName(a))}</name><uri>${xml(authorUrl(a))}</uri></author>`),
      `<rights>${xml(rights.text)}</rights>`,
      rights.uri ? `<link rel="license" href="${xml(rights.uri)}"/>` : "",
      ...entry.labels.map((label) => `<category scheme="${QUALITY_LABEL_SCHEME}" term="${label}" label="${xml(labelText(label, head.lang))}"/>`),
      entry.note.summary ? `<summary>${xml(entry.note.summary)}</summary>` : "",
      `<content type="html">${xml(entry.note.content_html)}</content>`,
      "</entry>",
    ].filter(Boolean).join("\n");
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${head.lang}">
<id>${xml(head.selfUrl)}</id>
<title>${xml(head.title)}</title>
<subtitle>${xml(head.description)}</subtitle>
<updated>${xml(new Date(newest(entries)).toISOString())}</updated>
<link rel="self" type="application/atom+xml" href="${xml(head.selfUrl)}"/>
<link rel="alternate" type="text/html" href="${xml(head.pageUrl)}"/>
${items.join("\n")}
</feed>
`;
}
