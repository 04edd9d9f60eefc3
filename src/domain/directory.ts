import type { ActorRow } from "./actors.ts";

/**
 * The port through which the domain finds actors it does not have yet. The
 * federation layer implements it with WebFinger and signed fetches.
 */
export interface ActorDirectory {
  /**
   * A local actor, or a remote one fetched and cached, from a handle
   * (`@user@host`, `user@host`, `acct:user@host`), a bare local name (`user`)
   * or an actor URL; null when
   * nothing valid answers.
   */
  resolve(query: string): Promise<ActorRow | null>;
}
