// The passwords people pick most often, refused whatever their length: a
// guesser tries them first. The list is zxcvbn's "passwords-common"
// dictionary (about 49,000 passwords ranked by frequency in public leaks,
// MIT licence), from the npm package @zxcvbn-ts/language-common.
import { createRequire } from "node:module";

let common: ReadonlySet<string> | null = null;

/** Read on first use (a few hundred kilobytes), not when the module loads. */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)("@zxcvbn-ts/language-common") as { dictionary: Record<string, string[]> };
    common = new Set(dictionary["passwords-common"]);
  }
  return common;
}

/** True for a password of the list, in any case ("Password123" is "password123"). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize("NFC").toLowerCase());
}
