import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getTextFormatter, type LogLevel as LogTapeLevel } from "@logtape/logtape";
import type { LogLevel } from "./config/config.ts";

/** Logs go to stderr as text lines; Fedify's own logs follow the same level. */
export async function configureLogging(level: LogLevel): Promise<void> {
  const lowest = level as LogTapeLevel;
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink({ formatter: getTextFormatter(), console: { ...console, info: console.error, debug: console.error, log: console.error, warn: console.error } as Console }) },
    loggers: [
      { category: ["encommun"], sinks: ["console"], lowestLevel: lowest },
      { category: ["fedify"], sinks: ["console"], lowestLevel: lowest === "debug" ? "debug" : "warning" },
      { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "warning" },
    ],
  });
}
