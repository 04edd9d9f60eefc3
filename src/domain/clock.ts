/** ISO-8601 UTC timestamp, the storage format of every date column. */
export function isoNow(): string {
  return new Date().toISOString();
}

export function isoIn(milliseconds: number, from = Date.now()): string {
  return new Date(from + milliseconds).toISOString();
}
