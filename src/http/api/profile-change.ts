// Reads a profile change (people and organizations) from a JSON body.
import type { ProfileChange } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { validCoordinates, type Coordinates } from "../../domain/regions.ts";

/** A string field: undefined when absent, null or a string when given, anything else a 400. */
export function optionalText(body: Record<string, unknown>, key: string): string | null | undefined {
  if (!(key in body)) return undefined;
  const value = body[key];
  if (value !== null && typeof value !== "string") throw new DomainError("invalid", `${key} must be a string or null`);
  return value;
}

export function profileChangeFromJson(body: Record<string, unknown>): ProfileChange {
  const change: ProfileChange = {};
  const name = optionalText(body, "name");
  if (name !== undefined) change.name = name;
  const summary = optionalText(body, "summary");
  if (summary !== undefined) change.summary = summary;
  const iconUrl = optionalText(body, "iconUrl");
  if (iconUrl !== undefined) change.iconUrl = iconUrl;
  if ("locked" in body) {
    if (typeof body.locked !== "boolean") throw new DomainError("invalid", "locked must be a boolean");
    change.manuallyApprovesFollowers = body.locked;
  }
  if ("fields" in body) {
    if (body.fields == null || typeof body.fields !== "object" || Array.isArray(body.fields)) throw new DomainError("invalid", "fields must be an object");
    change.fields = body.fields as ProfileChange["fields"];
  }
  if ("coordinates" in body) {
    // Null takes the point away; otherwise both numbers (validated with the rest of the profile).
    if (body.coordinates !== null && !validCoordinates(body.coordinates)) throw new DomainError("invalid", "coordinates must be null or {latitude, longitude} in degrees");
    change.coordinates = body.coordinates as Coordinates | null;
  }
  return change;
}
