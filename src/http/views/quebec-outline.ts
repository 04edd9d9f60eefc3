// The outline under the interest map, drawn on the server with no tile
// server (docs/DISCOVERY.md): land from Natural Earth's 1:50m countries
// (public domain) as the `world-atlas` package ships it (ISC), clipped to
// Québec's bounding box and projected once, on first use, with d3-geo's
// Lambert conformal conic (the projection Québec's own maps use). Only the
// shapes are kept (land, not borders: no boundary file of the 17 regions is
// on the registry), rounded to whole pixels so the inline SVG stays small.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoConicConformal, geoPath, type GeoProjection } from "d3-geo";
import { feature } from "topojson-client";

export const MAP_SIZE = { width: 360, height: 400 } as const;

/** Québec's extent, with a margin (degrees): the province, its neighbours' edges, the Gulf. */
const BOUNDS = { west: -80, east: -57, south: 44.8, north: 62.8 } as const;

export interface QuebecOutline {
  /** The `d` of one path: every land shape in the box. */
  readonly land: string;
  /** Screen position of a point, or null outside the map. */
  project(latitude: number, longitude: number): [number, number] | null;
}

let cached: QuebecOutline | null = null;

function boxOutline(): unknown {
  // A polygon of the box, densified so its curved edges fit the projection.
  const ring: [number, number][] = [];
  for (let x = BOUNDS.west; x <= BOUNDS.east; x += 1) ring.push([x, BOUNDS.south]);
  for (let y = BOUNDS.south; y <= BOUNDS.north; y += 1) ring.push([BOUNDS.east, y]);
  for (let x = BOUNDS.east; x >= BOUNDS.west; x -= 1) ring.push([x, BOUNDS.north]);
  for (let y = BOUNDS.north; y >= BOUNDS.south; y -= 1) ring.push([BOUNDS.west, y]);
  return { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring.reverse()] } };
}

function build(): QuebecOutline {
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as { objects: { countries: unknown } };
  const countries = feature(topology, topology.objects.countries);
  const projection: GeoProjection = geoConicConformal()
    .rotate([68.5, 0])
    .parallels([46, 60])
    .fitExtent([[4, 4], [MAP_SIZE.width - 4, MAP_SIZE.height - 4]], boxOutline())
    .clipExtent([[0, 0], [MAP_SIZE.width, MAP_SIZE.height]]);
  const path = geoPath(projection).digits(0);
  // Canada and the United States are all the land in the box.
  const land = (countries.features ?? [])
    .filter((f) => f.id === "124" || f.id === "840")
    .map((f) => path(f) ?? "")
    .join("");
  return {
    land: compactPath(land),
    project(latitude, longitude) {
      const point = projection([longitude, latitude]);
      if (!point || point[0] < 0 || point[1] < 0 || point[0] > MAP_SIZE.width || point[1] > MAP_SIZE.height) return null;
      return [Math.round(point[0] * 10) / 10, Math.round(point[1] * 10) / 10];
    },
  };
}

/** Drops repeated points and rings reduced to nothing by the rounding. */
function compactPath(d: string): string {
  return d
    .split("Z")
    .map((ring) => {
      const points = ring.match(/[ML][^ML]*/g) ?? [];
      const kept: string[] = [];
      let last = "";
      for (const p of points) {
        const xy = p.slice(1);
        if (xy === last) continue;
        kept.push(kept.length === 0 ? `M${xy}` : `L${xy}`);
        last = xy;
      }
      return kept.length >= 3 ? kept.join("") : "";
    })
    .filter(Boolean)
    .map((ring) => `${ring}Z`)
    .join("");
}

/** The outline, projected on first use and kept for the life of the process. */
export function quebecOutline(): QuebecOutline {
  cached ??= build();
  return cached;
}
