// How a note's Article carries its title, summary and link so that it reads
// well everywhere (the decision and its evidence: docs/INTEROPERABILITY.md):
// - Mastodon shows `name`, `summary` and `url`, never `content`;
// - Hollo and the Misskey family show `content` only, `name` never, and make
//   `summary` a content warning that hides everything;
// - Lemmy and NodeBB show `name` as the title and the Markdown `source`.
// So the Article sends no `summary`, and its `content` is framed: the title as
// a bold first paragraph, the summary as an italic lead (when it says more
// than the body's first words), the body, then a link to the page. `source`
// stays the bare body. Receivers of ours unframe it (`unframeArticleContent`).
import { escapeHtml, plainText } from "../../src/domain/sanitize.ts";

const TITLE = /^\s*<p><strong>([\s\S]*?)<\/strong><\/p>/;
const LEAD = /^\s*<p><em>([\s\S]*?)<\/em><\/p>/;
const LINK = /<p><a href="([^"]*)">[^<]*<\/a><\/p>\s*$/;

/** Whether a summary only repeats the body's opening words (an automatic one). */
function repeatsBody(summary: string, bodyHtml: string): boolean {
  const head = summary.replace(/…$/, "").trim();
  return head === "" || plainText(bodyHtml).startsWith(head);
}

export function frameArticleContent(title: string, summary: string | null, bodyHtml: string, url: string): string {
  const lead = summary && !repeatsBody(summary, bodyHtml) ? `<p><em>${escapeHtml(summary)}</em></p>` : "";
  return `<p><strong>${escapeHtml(title)}</strong></p>${lead}${bodyHtml}<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}

/** The body and summary of a framed content; content that is not framed by this title and URL is returned as is. */
export function unframeArticleContent(html: string, title: string | null, url: string | null): { bodyHtml: string; summary: string | null } {
  const titled = TITLE.exec(html);
  if (!titled || title == null || plainText(titled[1]!) !== plainText(escapeHtml(title))) return { bodyHtml: html, summary: null };
  let rest = html.slice(titled[0].length);
  const linked = LINK.exec(rest);
  if (linked && url != null && plainText(linked[1]!) === url) rest = rest.slice(0, linked.index);
  const lead = LEAD.exec(rest);
  if (!lead) return { bodyHtml: rest, summary: null };
  return { bodyHtml: rest.slice(lead[0].length), summary: plainText(lead[1]!) };
}
