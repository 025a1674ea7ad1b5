/** Summary statistics and memory sampling. */


export interface Stats {
  count: number;
  median: number | null;
  p95: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  total: number;
}

/** Linear interpolation between closest ranks, so p95 of a small sample is not simply its maximum. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    mean: round(sorted.length ? total / sorted.length : null),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
    total: Math.round(total),
  };
}

export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : round(a / b, 2);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

// ───────────────────────────── memory sampling ─────────────────────────────

/** Peak RSS by sampling: `resourceUsage().maxRSS` alone cannot say which phase (pipeline or baselines) the peak belongs to. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peakBytes = process.memoryUsage().rss;
  samples = 0;

  start(): void {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  sample(): void {
    this.samples++;
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
