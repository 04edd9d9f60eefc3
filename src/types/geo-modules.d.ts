// The few functions of d3-geo and topojson-client that the interest map uses
// (src/http/views/quebec-outline.ts); neither package ships type declarations.
declare module "d3-geo" {
  export interface GeoProjection {
    (point: [number, number]): [number, number] | null;
    fitExtent(extent: [[number, number], [number, number]], object: unknown): GeoProjection;
    clipExtent(extent: [[number, number], [number, number]]): GeoProjection;
    rotate(angles: [number, number] | [number, number, number]): GeoProjection;
    parallels(parallels: [number, number]): GeoProjection;
  }
  export interface GeoPath {
    (object: unknown): string | null;
    digits(digits: number): GeoPath;
  }
  export function geoConicConformal(): GeoProjection;
  export function geoPath(projection?: GeoProjection): GeoPath;
}

declare module "topojson-client" {
  export function feature(topology: unknown, object: unknown): { type: string; features?: { id?: string; type: string; geometry: unknown }[] };
}
