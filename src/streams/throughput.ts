/** Delivered rows per stream in one-second buckets over the last minute: the page's throughput figure. */
const WINDOW_S = 60;

export class Throughput {
  private readonly buckets = new Map<string, Map<number, number>>();

  add(id: string, rows: number, now: number): void {
    let b = this.buckets.get(id);
    if (!b) {
      b = new Map();
      this.buckets.set(id, b);
    }
    const s = Math.floor(now / 1000);
    b.set(s, (b.get(s) ?? 0) + rows);
    for (const k of b.keys()) if (k <= s - WINDOW_S) b.delete(k);
  }

  /** Rows per second over the window (0 for a stream that delivered nothing in it). */
  rate(id: string, now: number): number {
    const b = this.buckets.get(id);
    if (!b) return 0;
    const s = Math.floor(now / 1000);
    let sum = 0;
    let first = s;
    for (const [k, v] of b)
      if (k > s - WINDOW_S) {
        sum += v;
        first = Math.min(first, k);
      }
    return Math.round(sum / Math.max(1, s - first + 1));
  }
}
