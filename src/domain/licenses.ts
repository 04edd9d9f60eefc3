// The licences a note may carry, by stable id, each with its URI (what the
// JSON-LD publishes) and labels. "All rights reserved" has no URI.
export interface License {
  readonly id: string;
  readonly uri: string | null;
  readonly label: { readonly fr: string; readonly en: string };
  /** Whether others may share (re-publish) the note: false only for "all rights reserved". */
  readonly allowsSharing: boolean;
}

const cc = (id: string, path: string, short: string): License => ({
  id,
  uri: `https://creativecommons.org/${path}`,
  label: { fr: short, en: short },
  allowsSharing: true,
});

export const LICENSES: readonly License[] = [
  cc("cc-by-4.0", "licenses/by/4.0/", "CC BY 4.0"),
  cc("cc-by-sa-4.0", "licenses/by-sa/4.0/", "CC BY-SA 4.0"),
  cc("cc-by-nc-4.0", "licenses/by-nc/4.0/", "CC BY-NC 4.0"),
  cc("cc-by-nc-sa-4.0", "licenses/by-nc-sa/4.0/", "CC BY-NC-SA 4.0"),
  cc("cc-by-nd-4.0", "licenses/by-nd/4.0/", "CC BY-ND 4.0"),
  cc("cc-by-nc-nd-4.0", "licenses/by-nc-nd/4.0/", "CC BY-NC-ND 4.0"),
  cc("cc0-1.0", "publicdomain/zero/1.0/", "CC0 1.0"),
  { id: "all-rights-reserved", uri: null, label: { fr: "Tous droits réservés", en: "All rights reserved" }, allowsSharing: false },
];

export const LICENSE_IDS = LICENSES.map((l) => l.id);

/**
 * How "all rights reserved" travels: it has no licence URL, so notes say it
 * with this URN (rel="license"), and receivers can tell it from a note that
 * states nothing. Stored notes of ours keep a null licence for it.
 */
export const ALL_RIGHTS_RESERVED_URN = "urn:encommun:license:all-rights-reserved";

export function licenseById(id: string): License | undefined {
  return LICENSES.find((l) => l.id === id);
}

/** The licence of a stored URI; unknown URIs (from other servers) are kept and shown as links. */
export function licenseByUri(uri: string | null): License | undefined {
  if (uri == null || uri === ALL_RIGHTS_RESERVED_URN) return LICENSES.find((l) => l.uri == null);
  const normalized = uri.replace(/^http:/, "https:").replace(/\/?$/, "/");
  return LICENSES.find((l) => l.uri === normalized);
}
