// RFC 4180 CSV: every field quoted, quotes doubled, lists joined with " | ".
export type CsvValue = string | number | null | readonly string[];

function field(value: CsvValue): string {
  const text = value === null ? "" : Array.isArray(value) ? value.join(" | ") : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(field).join(",")}\r\n`;
}
