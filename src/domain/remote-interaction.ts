// Remote interaction: someone with an account on another server (Mastodon,
// another En commun…) follows, likes or answers something of ours from their
// own server. Their server says where in its WebFinger answer: a link
// `http://ostatus.org/schema/1.0/subscribe` whose template holds `{uri}`.
// Servers that publish none (older ones) are sent to Mastodon's
// `/authorize_interaction?uri=`, which most of the fediverse answers.
import { parseHandle } from "./handles.ts";

export const SUBSCRIBE_REL = "http://ostatus.org/schema/1.0/subscribe";

export interface RemoteAccount {
  readonly username: string;
  /** Lower-case host name, with its port if any. */
  readonly host: string;
}

/**
 * The port through which the pages ask another server where its people act on
 * remote things. The federation layer implements it (WebFinger, within the
 * federation policy and the private-address guard).
 */
export interface InteractionLookup {
  /**
   * What the account's WebFinger answer says: its template, no template, or
   * nothing (the server did not answer, or not about this account). Throws
   * DomainError "forbidden" for a host the federation policy refuses,
   * "invalid" for an address that may not be fetched (private, plain http).
   */
  subscribeTemplate(account: RemoteAccount): Promise<SubscribeAnswer>;
}

export type SubscribeAnswer = { readonly status: "template"; readonly template: string } | { readonly status: "none" } | { readonly status: "unreachable" };

/** `@name@host`, `name@host` or `acct:name@host` with a plain host name (and port); null for anything else. */
export function parseRemoteAccount(text: string): RemoteAccount | null {
  const handle = parseHandle(text.trim().slice(0, 300));
  if (!handle || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/.test(handle.host)) return null;
  if (!/^[^\s/?#:]+$/.test(handle.username)) return null;
  return { username: handle.username, host: handle.host };
}

/** Where a subscribe template sends the person for `uri`; null for a template that is not a web address with `{uri}`. */
export function fillSubscribeTemplate(template: string, uri: string, allowPlainHttp: boolean): string | null {
  if (!template.includes("{uri}")) return null;
  const url = URL.parse(template.replaceAll("{uri}", encodeURIComponent(uri)));
  if (!url || !(url.protocol === "https:" || (allowPlainHttp && url.protocol === "http:"))) return null;
  return url.href;
}

/** Mastodon's page, for servers whose WebFinger answer names none. */
export function fallbackInteractionUrl(account: RemoteAccount, uri: string): string {
  const url = new URL("/authorize_interaction", `https://${account.host}`);
  url.searchParams.set("uri", uri);
  return url.href;
}
