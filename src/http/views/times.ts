// Dates and times as pages show them: in the instance's time zone
// (INSTANCE_TIME_ZONE, Québec's by default), and always saying which. A
// member reading from Vancouver or Paris, or a co-author on another instance,
// must not take 11 h 54 HNE for their own 11 h 54. A time shows the zone's
// abbreviation ("HNE", "EST"); a date alone, whose day depends on the zone
// only near midnight, says the full time and zone in its tooltip. `<time
// datetime>` always carries the instant in ISO 8601 (UTC) for machines.
import { html } from "hono/html";
import { dateTimeFormat } from "../../domain/intl-formats.ts";
import type { Html, ViewContext } from "./layout.ts";

function locale(v: ViewContext): string {
  return v.lang === "fr" ? "fr-CA" : "en-CA";
}

function formatParts(v: ViewContext, date: Date, options: Intl.DateTimeFormatOptions): string {
  const parts = dateTimeFormat(locale(v), { ...options, timeZone: v.instance.timeZone }).formatToParts(date);
  // French writes the first of the month "1er".
  return parts.map((p) => (v.lang === "fr" && p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "13 février 2024" / "February 13, 2024", the day in the instance's zone. */
export function formatDate(v: ViewContext, iso: string): string {
  const date = parse(iso);
  return date ? formatParts(v, date, { year: "numeric", month: "long", day: "numeric" }) : iso;
}

/** "7 mars 2024 à 11 h 54 HNE" / "March 7, 2024 at 11:54 a.m. EST", with the zone's abbreviation. */
export function formatDateTime(v: ViewContext, iso: string): string {
  const date = parse(iso);
  return date ? formatParts(v, date, { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }) : iso;
}

/** The zone's long name for tooltips: "heure normale de l’Est (America/Toronto)". */
function zoneName(v: ViewContext, date: Date): string {
  const part = dateTimeFormat(locale(v), { timeZone: v.instance.timeZone, timeZoneName: "long" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return `${part?.value ?? v.instance.timeZone} (${v.instance.timeZone})`;
}

/**
 * A date (or date and time) in a `<time>` element: the ISO instant in
 * `datetime`, the full time and its zone in `title`.
 */
export function timeTag(v: ViewContext, iso: string, withTime = false): Html {
  const date = parse(iso);
  if (!date) return html`<time>${iso}</time>`;
  const full = formatDateTime(v, iso);
  return html`<time datetime="${date.toISOString()}" title="${full}, ${zoneName(v, date)}">${withTime ? full : formatDate(v, iso)}</time>`;
}
