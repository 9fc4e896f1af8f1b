/** Percentile of a sample (nearest-rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median and the 95th percentile of a latency sample (ms). */
export interface Percentiles {
  p50: number;
  p95: number;
}

/** p50 and p95 of a latency sample (nearest rank), rounded to 0.01 ms. */
export function percentiles(samples: readonly number[]): Percentiles {
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/** p50, p95 and p99 of a latency sample (nearest rank), rounded to 0.1 ms: the load benchmarks' tails (P16, P17). */
export function tailPercentiles(samples: readonly number[]): Percentiles & { p99: number } {
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)) };
}

/**
 * Runs `fn` over `items` with `concurrency` workers; a failed item counts (the first three are printed) and the
 * run goes on. Returns the number of failures.
 */
export async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item).catch((error: unknown) => {
        failures++;
        if (failures <= 3) console.error(error);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}
