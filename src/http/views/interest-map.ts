// The interest map: an inline SVG drawn on the server (no script, no tile
// server, nothing loaded from elsewhere): Québec's land (quebec-outline.ts),
// one disc per region at its centre town, its area proportional to how many
// people and groups there chose the interest, and a dot for each point someone
// chose to give. Every disc and dot has a <title>, and the page lists the
// same counts as text, so the map is never the only way to read them.
import { html } from "hono/html";
import type { MapPoint, RegionCount } from "../../domain/find-by-interest.ts";
import type { Html, ViewContext } from "./layout.ts";
import { MAP_SIZE, quebecOutline } from "./quebec-outline.ts";

const MAX_RADIUS = 16;
const MIN_RADIUS = 4;

export function interestMap(v: ViewContext, title: string, regions: readonly RegionCount[], points: readonly MapPoint[]): Html {
  const outline = quebecOutline();
  const placed = regions.filter((r) => r.region != null && r.count > 0);
  const largest = Math.max(1, ...placed.map((r) => r.count));
  const discs = placed.flatMap((r) => {
    const at = outline.project(r.region!.latitude, r.region!.longitude);
    if (!at) return [];
    const radius = Math.max(MIN_RADIUS, Math.round(MAX_RADIUS * Math.sqrt(r.count / largest) * 10) / 10);
    return [
      html`<g class="map-region"><circle cx="${at[0]}" cy="${at[1]}" r="${radius}"><title>${v.t("find.mapRegion", { region: r.region!.name, count: r.count })}</title></circle>${
        r.count > 1 ? html`<text x="${at[0]}" y="${at[1]}" dy="0.35em">${r.count}</text>` : ""
      }</g>`,
    ];
  });
  const dots = points.flatMap((p) => {
    const at = outline.project(p.latitude, p.longitude);
    return at ? [html`<circle class="map-point" cx="${at[0]}" cy="${at[1]}" r="2.5"><title>${p.label}</title></circle>`] : [];
  });
  return html`<figure class="interest-map">
<svg viewBox="0 0 ${MAP_SIZE.width} ${MAP_SIZE.height}" role="img" aria-labelledby="interest-map-title" xmlns="http://www.w3.org/2000/svg">
<title id="interest-map-title">${title}</title>
<rect class="map-water" width="${MAP_SIZE.width}" height="${MAP_SIZE.height}"></rect>
<path class="map-land" d="${outline.land}"></path>
${discs}${dots}
</svg>
<figcaption class="muted">${v.t("find.mapCredit")}</figcaption>
</figure>`;
}
