// Starting a process allocates far more than it keeps: loading and compiling
// hundreds of modules, migrations, the first queries. V8 sizes its young
// generation to that burst (64–128 MB of semi-spaces, measured) and only gives
// it back on a memory-reducing collection, which Node never asks for on its
// own. One such collection once the server is ready brings an idle web process
// from ~205 to ~155 MB (docs/PERFORMANCE.md); the heap grows again as load needs.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

export function releaseStartupGarbage(): void {
  // `gc` is only reachable with --expose-gc; set it for the one context that
  // fetches the function, then unset it so no later context sees it.
  setFlagsFromString("--expose-gc");
  let collect: Collect;
  try {
    collect = runInNewContext("gc") as Collect;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  collect({ type: "major", execution: "sync", flavor: "last-resort" });
}
