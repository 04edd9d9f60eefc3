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
 * 340 values (the fixtures from 14 servers); the limits leave twice the depth
 * and four times the values, while the worst body they let through costs
 * Fedify's JSON-LD parsing milliseconds, not seconds (bench/inbox-limits.ts,
 * docs/PERFORMANCE.md).
 */
export const ACTIVITY_LIMITS: JsonLimits = { maxDepth: 16, maxArrayItems: 500, maxValues: 1500 };

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the string that opens at `start` closes (its unescaped quote), or -1. */
function endOfString(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** Which limit `text` exceeds, in words, or null when it fits (or is not JSON enough to tell). */
export function jsonLimitExceeded(text: string, limits: JsonLimits = ACTIVITY_LIMITS): string | null {
  // Per open container: whether it is an array, and how many items it holds so far.
  const isArray: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) continue;
    const depth = isArray.length;
    // The first token inside a container is its first value (an empty one has none).
    if (depth > 0 && items[depth - 1] === 0 && c !== CLOSE_ARRAY && c !== CLOSE_OBJECT) {
      items[depth - 1] = 1;
      values++;
    }
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return null; // unterminated: the JSON parser refuses it
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
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
