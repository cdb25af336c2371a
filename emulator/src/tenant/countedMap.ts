/**
 * A Map that counts the writes to it (each `set`, `delete` and `clear`). A kept order of its entries (see
 * `graph/odata/sortedIndex.ts`) whose count has not moved still holds the same objects under the same keys, so
 * it need not look each one up again to know that.
 */
export class CountedMap<K, V> extends Map<K, V> {
  private count = 0;

  /** Writes so far; equal counts mean the same keys and the same objects under them. */
  get writes(): number {
    return this.count;
  }

  override set(key: K, value: V): this {
    this.count += 1;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.count += 1;
    return super.delete(key);
  }

  override clear(): void {
    this.count += 1;
    super.clear();
  }
}
