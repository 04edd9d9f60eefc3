// One handle namespace for people, organizations and (later) communities.
const HANDLE = /^[a-z0-9_](?:[a-z0-9_.-]{0,28}[a-z0-9_])?$/i;

/** Handles reserved for the instance itself and for paths that look like handles. */
const RESERVED = new Set(["admin", "anonyme", "anonymous", "api", "assets", "actors", "inbox", "instance", "nodeinfo", "setup", "signin", "signout", "well-known", "www"]);

export type HandleProblem = "invalid" | "reserved";

export function checkHandle(handle: string, instanceHost: string): HandleProblem | null {
  if (!HANDLE.test(handle)) return "invalid";
  const key = handle.toLowerCase();
  if (RESERVED.has(key) || key === instanceHost.toLowerCase()) return "reserved";
  return null;
}

export function handleKey(handle: string): string {
  return handle.toLowerCase();
}

/** Parses `@user@host`, `user@host` or `acct:user@host`; null when not a handle. */
export function parseHandle(text: string): { username: string; host: string } | null {
  const match = /^(?:acct:)?@?([^@\s/]+)@([^@\s/]+)$/.exec(text.trim());
  return match ? { username: match[1]!, host: match[2]!.toLowerCase() } : null;
}
