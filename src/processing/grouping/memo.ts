/**
 * A bounded memo for pure string-keyed computations on the grouping hot path. Real traffic repeats
 * the same frames in event after event, so remembering a frame's normalized line turns ~1 µs of
 * regex work into one map lookup. When full, the memo is simply emptied: cheaper than LRU
 * bookkeeping, and the hot keys are back within a few events.
 */
export class Memo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  /** The remembered value for `key`, computing and remembering it on a miss. */
  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /** How many values are remembered now. */
  get size(): number {
    return this.entries.size;
  }
}
