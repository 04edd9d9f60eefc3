// What other servers send is stored only when it is a web address: a
// `javascript:` or `data:` URL in an actor's icon or a note's link would
// otherwise reach every API client, and any page that forgot to check.

/** `value` when it is an absolute http(s) URL, else null. */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  return value != null && /^https?:\/\//i.test(value) && URL.canParse(value) ? value : null;
}

export function isHttpUrl(value: string | null | undefined): value is string {
  return httpUrlOrNull(value) != null;
}
