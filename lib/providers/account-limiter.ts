import "server-only";

/**
 * A token bucket per provider account, in this process: Stripe limits each connected account's
 * API rate, and a burst of re-fetches or a reconcile for one busy account must not spend it all.
 * A call takes a token or reserves the next one and waits for it (first come, first served); a
 * wait ends early when the caller's signal aborts, and its token is given back. Per process only:
 * N processes calling one account allow N× the rate (see the README's scale section).
 */
export class AccountLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private ratePerSecond: number,
    private burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds the next call for `key` would wait now (0: a token is free). */
  waitFor(key: string): number {
    const bucket = this.refill(key);
    return bucket.tokens >= 1 ? 0 : ((1 - bucket.tokens) * 1000) / this.ratePerSecond;
  }

  /** Resolves when `key` may make one call; rejects with the signal's reason if it aborts first. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const bucket = this.refill(key);
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return;
    const waitMs = (-bucket.tokens * 1000) / this.ratePerSecond;
    try {
      await sleep(waitMs, signal);
    } catch (error) {
      bucket.tokens += 1;
      throw error;
    }
  }

  /** For tests and operators: a new rate, applied from the next call on. */
  configure(ratePerSecond: number, burst: number) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.buckets.clear();
  }

  private refill(key: string) {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
      if (this.buckets.size > 10_000) this.forgetIdle(now);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    return bucket;
  }

  /** Full buckets hold nothing worth keeping; dropping them bounds the map. */
  private forgetIdle(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
