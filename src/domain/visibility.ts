// Who may see a note, as one type with predicates instead of string
// comparisons scattered through routes and federation.
import type { VisibilityValue } from "../db/knowledge-schema.ts";

export type Visibility = VisibilityValue;

/** What a person may choose; `community` follows from posting only into private communities. */
export const CHOOSABLE_VISIBILITIES: readonly Visibility[] = ["public", "unlisted", "followers"];

export function isVisibility(value: unknown): value is Visibility {
  return value === "public" || value === "unlisted" || value === "followers" || value === "community";
}

/** Addressed to as:Public (public in `to`, unlisted in `cc`), so anyone may fetch it. */
export function isPubliclyReadable(visibility: Visibility): boolean {
  return visibility === "public" || visibility === "unlisted";
}

/** Shown in public lists, feeds and search. */
export function isListed(visibility: Visibility): boolean {
  return visibility === "public";
}

export interface Viewer {
  /** The viewing actor (local person or verified remote signer), or null when anonymous. */
  readonly actorId: string | null;
  /** Whether the viewer is an author of the note. */
  readonly isAuthor: boolean;
  /** Whether the viewer follows (accepted) one of the note's authors. */
  readonly followsAnAuthor: boolean;
  /** Whether the viewer is an approved member of a community that carries the note. */
  readonly memberOfCommunity: boolean;
}

/** A local note not published yet: its authors only, never listed, never federated. */
export function isDraft(visibility: Visibility): boolean {
  return visibility === "draft";
}

export function canShowTo(visibility: Visibility, viewer: Viewer): boolean {
  if (isDraft(visibility)) return viewer.isAuthor;
  if (viewer.isAuthor || isPubliclyReadable(visibility)) return true;
  if (visibility === "followers") return viewer.followsAnAuthor;
  // Community-only notes (posted into private communities): their members only.
  return viewer.memberOfCommunity;
}
