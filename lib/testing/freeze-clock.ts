import { afterEach, beforeEach, vi } from "vitest";

/**
 * Freezes `Date` for each test of the calling file at a moment with at least a minute left in its
 * fixed rate-limit window (now, or just past the next boundary), so the requests a test counts all
 * fall in one window whenever it runs: a boundary between them would reset the count and fail it.
 */
export function freezeClockInsideWindow(windowMs: number) {
  beforeEach(() => {
    const now = Date.now();
    const left = windowMs - (now % windowMs);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(left > 60_000 ? now : now + left + 10_000);
  });
  afterEach(() => vi.useRealTimers());
}
