import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getTextFormatter, type LogLevel as LogTapeLevel, type LogRecord } from "@logtape/logtape";
import type { LogLevel } from "./config/config.ts";
import { isMalformedInputError } from "./malformed-input.ts";

/** Logs go to stderr as text lines; Fedify's own logs follow the same level. */
export async function configureLogging(level: LogLevel): Promise<void> {
  const lowest = level as LogTapeLevel;
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink({ formatter: getTextFormatter(), console: { ...console, info: console.error, debug: console.error, log: console.error, warn: console.error } as Console }) },
    filters: { refusedInput: (record) => !isFedifyRefusalNoise(record) },
    loggers: [
      { category: ["encommun"], sinks: ["console"], lowestLevel: lowest },
      { category: ["fedify"], sinks: ["console"], lowestLevel: lowest === "debug" ? "debug" : "warning", filters: ["refusedInput"] },
      { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "warning" },
    ],
  });
}

/**
 * Fedify's error-level records of an inbox body it could not parse (with the
 * whole activity and a stack trace): the inbox logs each refusal in one line
 * of its own (federation/inbox-guard.ts), so remote garbage costs one line.
 */
export function isFedifyRefusalNoise(record: LogRecord): boolean {
  const [, area, part] = record.category;
  const template = typeof record.rawMessage === "string" ? record.rawMessage : record.rawMessage.join("");
  if (area !== "federation") return false;
  if (part === "inbox") return /^Failed to parse (JSON|JSON-LD|activity)/.test(template);
  if (part === "http") {
    const { method, url, error } = record.properties as { method?: unknown; url?: unknown; error?: unknown };
    return template.startsWith("An error occurred while serving request") && method === "POST" && /\/inbox$/.test(String(url)) && isMalformedInputError(error);
  }
  return false;
}
