/**
 * A size-bounded least-recently-used cache of byte buffers (or promises of them), owned by one
 * registry instance. Content-addressed keys mean entries never go stale; the bound only limits memory.
 */
export class ByteCache<V extends { byteLength: number }> {
  private readonly entries = new Map<string, { value: Promise<V>; size: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * Returns the cached value or computes it once; concurrent callers share one computation. A computed value
   * for which `keep` says false is handed to those callers and then dropped (it may change; ADR 0016).
   */
  get(key: string, compute: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry = { value: compute(), size: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => (keep(v) ? this.account(key, entry, v.byteLength) : this.entries.get(key) === entry && this.entries.delete(key)),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry.value;
  }

  private account(key: string, entry: { size: number }, size: number): void {
    if (this.entries.get(key) !== entry) return;
    entry.size = size;
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.bytes -= e.size;
    }
  }
}
