// Québec's 17 administrative regions, with their official numbers (01–17)
// and, for the map, the coordinates of the town each is centred on (its
// chef-lieu; for Montérégie, Saint-Hyacinthe rather than Longueuil, so that
// its marker does not sit on Montréal's).
// Public facts: the region list and numbers are the Gouvernement du Québec's
// (Institut de la statistique du Québec, "Régions administratives"); the
// towns' coordinates are the usual gazetteer values (Commission de toponymie
// du Québec), rounded to 0.01° — a marker, not a boundary.
// Region names are proper nouns: the same in French and English.

export interface QuebecRegion {
  /** The official number, "01" … "17". */
  readonly code: string;
  readonly name: string;
  /** The town the marker stands on. */
  readonly centre: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const QUEBEC_REGIONS: readonly QuebecRegion[] = [
  { code: "01", name: "Bas-Saint-Laurent", centre: "Rimouski", latitude: 48.45, longitude: -68.52 },
  { code: "02", name: "Saguenay–Lac-Saint-Jean", centre: "Saguenay", latitude: 48.43, longitude: -71.07 },
  { code: "03", name: "Capitale-Nationale", centre: "Québec", latitude: 46.81, longitude: -71.21 },
  { code: "04", name: "Mauricie", centre: "Trois-Rivières", latitude: 46.34, longitude: -72.54 },
  { code: "05", name: "Estrie", centre: "Sherbrooke", latitude: 45.4, longitude: -71.89 },
  { code: "06", name: "Montréal", centre: "Montréal", latitude: 45.5, longitude: -73.57 },
  { code: "07", name: "Outaouais", centre: "Gatineau", latitude: 45.48, longitude: -75.7 },
  { code: "08", name: "Abitibi-Témiscamingue", centre: "Rouyn-Noranda", latitude: 48.24, longitude: -79.02 },
  { code: "09", name: "Côte-Nord", centre: "Baie-Comeau", latitude: 49.22, longitude: -68.15 },
  { code: "10", name: "Nord-du-Québec", centre: "Chibougamau", latitude: 49.91, longitude: -74.37 },
  { code: "11", name: "Gaspésie–Îles-de-la-Madeleine", centre: "Gaspé", latitude: 48.83, longitude: -64.48 },
  { code: "12", name: "Chaudière-Appalaches", centre: "Sainte-Marie", latitude: 46.44, longitude: -71.01 },
  { code: "13", name: "Laval", centre: "Laval", latitude: 45.61, longitude: -73.71 },
  { code: "14", name: "Lanaudière", centre: "Joliette", latitude: 46.02, longitude: -73.44 },
  { code: "15", name: "Laurentides", centre: "Saint-Jérôme", latitude: 45.78, longitude: -74.0 },
  { code: "16", name: "Montérégie", centre: "Saint-Hyacinthe", latitude: 45.63, longitude: -72.96 },
  { code: "17", name: "Centre-du-Québec", centre: "Drummondville", latitude: 45.88, longitude: -72.48 },
];

const BY_CODE = new Map(QUEBEC_REGIONS.map((r) => [r.code, r]));

function nameKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const BY_NAME = new Map(QUEBEC_REGIONS.map((r) => [nameKey(r.name), r]));

export function regionByCode(code: string | null | undefined): QuebecRegion | undefined {
  return code ? BY_CODE.get(code) : undefined;
}

/**
 * The region a text names: its number ("6", "06"), its name in any case,
 * with or without accents and dashes ("Montreal", "saguenay lac saint jean"),
 * or both ("15 Laurentides", "15 - Laurentides"). Undefined otherwise.
 */
export function regionFromText(text: string | null | undefined): QuebecRegion | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  const numbered = /^(\d{1,2})(?:\s*[-–—.:]?\s*(.*))?$/u.exec(trimmed);
  if (numbered) {
    const region = BY_CODE.get(numbered[1]!.padStart(2, "0"));
    if (!region) return undefined;
    return !numbered[2] || nameKey(numbered[2]) === nameKey(region.name) ? region : undefined;
  }
  return BY_NAME.get(nameKey(trimmed));
}

/** Latitude and longitude as given by a person: both or neither, within the Earth's ranges. */
export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

export function validCoordinates(value: unknown): value is Coordinates {
  if (value == null || typeof value !== "object") return false;
  const { latitude, longitude } = value as Record<string, unknown>;
  return (
    typeof latitude === "number" && Number.isFinite(latitude) && Math.abs(latitude) <= 90 &&
    typeof longitude === "number" && Number.isFinite(longitude) && Math.abs(longitude) <= 180
  );
}

/** Coordinates are kept to about 100 m: enough for a map, no more than a person meant to give. */
export function roundedCoordinates(value: Coordinates): Coordinates {
  return { latitude: Math.round(value.latitude * 1000) / 1000, longitude: Math.round(value.longitude * 1000) / 1000 };
}
