// Runs before install, start and test on any Node version (plain CommonJS, no
// TypeScript): an older Node must get one clear sentence, not the stack trace
// that loading bin/encommun.ts would print. Node runs .ts files without a flag
// (type stripping on by default) from 22.18.
"use strict";
var MINIMUM = [22, 18];
var parts = process.versions.node.split(".").map(Number);
var recent = parts[0] > MINIMUM[0] || (parts[0] === MINIMUM[0] && parts[1] >= MINIMUM[1]);
if (!recent) {
  console.error(
    "En commun needs Node.js " + MINIMUM.join(".") + " or newer (this is " + process.version +
      "); install Node.js 24 LTS, as README.md explains. / En commun exige Node.js " + MINIMUM.join(".") +
      " ou plus récent (version actuelle : " + process.version + ") ; installez Node.js 24 LTS, voir README.md.",
  );
  process.exit(1);
}
