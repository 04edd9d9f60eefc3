// Opaque, time-sortable identifiers (ULID layout: 48-bit milliseconds then 80
// random bits, Crockford base 32). Sorting by id sorts by creation, which the
// queue relies on for FIFO order; ids reveal nothing a handle would.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

function encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = bytes.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    next[i] = (next[i]! + 1) & 0xff;
    if (next[i] !== 0) break;
  }
  return next;
}

/** A new id; ids made in the same millisecond by this process stay ordered. */
export function newId(now = Date.now()): string {
  let random: Uint8Array;
  if (now <= lastTime) {
    now = lastTime;
    random = increment(lastRandom);
  } else {
    random = new Uint8Array(randomBytes(10));
  }
  lastTime = now;
  lastRandom = random;
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + encode(random);
}

/** A secret for links and tokens: 32 random bytes, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}
