// Where a like, an edit or a deletion of a reply comes back to: the page it
// was made from, given as `back`. Only the paths of this site's discussion
// pages are taken (a thread, a note), so that `back` can never send anyone
// to another site or to an arbitrary page.
const DISCUSSION_PAGE = /^\/(?:c\/[^/?#\\\s]+\/t\/[^/?#\\\s]+|notes\/[^/?#\\\s]+)$/;

export function discussionBackPath(value: unknown): string | null {
  return typeof value === "string" && DISCUSSION_PAGE.test(value) ? value : null;
}
