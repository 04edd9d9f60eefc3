// A small least-recently-used map with a lifetime per entry and two bounds
// (entries and bytes), so that no cache of this process can grow with the
// traffic: the oldest entries leave first, expired ones are never answered.
// A Map keeps insertion order, so "touch" is delete + set and the first key is
// the least recently used one.

export interface BoundedCacheOptions<V> {
  /** Entries kept at most. */
  readonly maxEntries: number;
  /** Sum of `sizeOf` over the entries kept at most (Infinity: entries only). */
  readonly maxBytes?: number;
  /** Milliseconds an entry is answered after it was stored (Infinity: until evicted). */
  readonly ttlMs?: number;
  readonly sizeOf?: (value: V) => number;
  /** Milliseconds since the epoch; tests pass their own clock. */
  readonly now?: () => number;
}

interface Slot<V> {
  readonly value: V;
  readonly size: number;
  readonly expiresAt: number;
}

export class BoundedCache<K, V> {
  readonly #slots = new Map<K, Slot<V>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ttlMs: number;
  readonly #sizeOf: (value: V) => number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: BoundedCacheOptions<V>) {
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes ?? Infinity;
    this.#ttlMs = options.ttlMs ?? Infinity;
    this.#sizeOf = options.sizeOf ?? (() => 0);
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.#now()) {
      this.delete(key);
      return undefined;
    }
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const size = this.#sizeOf(value);
    // A value larger than the whole budget would evict everything and still not fit.
    if (size > this.#maxBytes || this.#maxEntries <= 0) return;
    this.#slots.set(key, { value, size, expiresAt: this.#now() + this.#ttlMs });
    this.#bytes += size;
    for (const oldest of this.#slots.keys()) {
      if (this.#slots.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    this.#bytes -= slot.size;
  }

  clear(): void {
    this.#slots.clear();
    this.#bytes = 0;
  }
}
