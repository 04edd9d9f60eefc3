// Fedify's types use the global Temporal; Node 24 lacks it (Deno has it), so
// install the polyfill once, from the composition root, before Fedify runs.
import { Temporal } from "@js-temporal/polyfill";

export function installTemporal(): void {
  if (!("Temporal" in globalThis)) {
    Object.defineProperty(globalThis, "Temporal", { value: Temporal, writable: true, configurable: true });
  }
}
