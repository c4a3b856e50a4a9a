// Processing lag as a log-scale histogram, so hourly rollups can be merged into any chart bucket
// and still give a 95th percentile. Bucket k holds lags in [2^(k/8), 2^((k+1)/8)) seconds; lags
// under MIN_LAG_SECONDS (about 1 ms, zero included) share LAG_ZERO_BUCKET. The percentile read
// back is within one bucket of PostgreSQL's percentile_cont on the raw lags: at most 9.05%
// (2^(1/8) − 1) above or below it, or 1 ms for lags under 1 ms.

export const LAG_BUCKETS_PER_OCTAVE = 8;
export const MIN_LAG_SECONDS = 2 ** -10;
export const LAG_ZERO_BUCKET = -10 * LAG_BUCKETS_PER_OCTAVE - 1;

export type LagHistogram = Record<string, number>;

const bounds = (k: number): [number, number] =>
  k === LAG_ZERO_BUCKET ? [0, MIN_LAG_SECONDS] : [2 ** (k / LAG_BUCKETS_PER_OCTAVE), 2 ** ((k + 1) / LAG_BUCKETS_PER_OCTAVE)];

/** Adds `from`'s counts into `into`. */
export function mergeLagHistogram(into: LagHistogram, from: LagHistogram) {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

/**
 * The p-quantile (0–1) as percentile_cont computes it (interpolating between the two nearest
 * ranks), each rank's value placed inside its bucket by its position among the bucket's events
 * (geometric steps; linear in the zero bucket). Null for an empty histogram.
 */
export function lagPercentile(histogram: LagHistogram, p: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([k, n]) => ({ k: Number(k), n }))
    .filter((b) => b.n > 0)
    .sort((a, b) => a.k - b.k);
  const total = buckets.reduce((sum, b) => sum + b.n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let before = 0;
    for (const { k, n } of buckets) {
      if (rank < before + n) {
        const [lo, hi] = bounds(k);
        const position = (rank - before + 0.5) / n;
        return k === LAG_ZERO_BUCKET ? lo + (hi - lo) * position : lo * (hi / lo) ** position;
      }
      before += n;
    }
    return bounds(buckets.at(-1)!.k)[1];
  };
  const rank = p * (total - 1);
  const below = Math.floor(rank);
  const low = valueAt(below);
  return below === rank ? low : low + (rank - below) * (valueAt(below + 1) - low);
}
