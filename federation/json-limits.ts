// The shape limits of a JSON body, checked on the raw text in one linear pass
// before anything parses it: JSON-LD expansion costs grow faster than the
// body (1,000 levels of nesting took 12 s and 1.2 GB), and even JSON.parse
// takes a second on half a million levels. Malformed JSON is not this pass's
// business: the parser that runs next refuses it.

export interface JsonLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  readonly maxDepth: number;
  /** Most items in any one array. */
  readonly maxArrayItems: number;
  /** Most values in the whole document (object members and array items, nested ones included). */
  readonly maxValues: number;
}

/**
 * For activities: real ones are at most 8 deep with 16 items in an array and
 * 340 values (the fixtures from 14 servers); the limits leave room for
 * several times that, while the worst body they let through still costs
 * Fedify's JSON-LD parsing milliseconds (bench/inbox-limits.ts).
 */
export const ACTIVITY_LIMITS: JsonLimits = { maxDepth: 24, maxArrayItems: 1000, maxValues: 4000 };

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Which limit `text` exceeds, in words, or null when it fits (or is not JSON enough to tell). */
export function jsonLimitExceeded(text: string, limits: JsonLimits = ACTIVITY_LIMITS): string | null {
  // Per open container: whether it is an array, and how many items it holds so far.
  const isArray: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (WHITESPACE.has(c)) continue;
    const depth = isArray.length;
    // The first token inside a container is its first value (an empty one has none).
    if (depth > 0 && items[depth - 1] === 0 && c !== CLOSE_ARRAY && c !== CLOSE_OBJECT) {
      items[depth - 1] = 1;
      values++;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth + 1 > limits.maxDepth) return `nesting deeper than ${limits.maxDepth} levels`;
      isArray.push(c === OPEN_ARRAY);
      items.push(0);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      isArray.pop();
      items.pop();
    } else if (c === COMMA && depth > 0) {
      const count = ++items[depth - 1]!;
      if (isArray[depth - 1] && count > limits.maxArrayItems) return `an array of more than ${limits.maxArrayItems} items`;
      values++;
    }
    if (values > limits.maxValues) return `more than ${limits.maxValues} values`;
  }
  return null;
}
