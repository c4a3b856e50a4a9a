import type { SandboxStore } from "./store";

// Sandbox time = real time + a persisted offset, so the sandbox behaves like a
// live account when left alone, and a test clock can jump it forward. Time never
// moves backwards. `frozenAt` pins the base for tests that need exact values.
export class SandboxClock {
  private frozenBaseMs: number | null;

  constructor(
    private readonly store: SandboxStore,
    options: { frozenAt?: number } = {},
  ) {
    this.frozenBaseMs = options.frozenAt === undefined ? null : options.frozenAt * 1000;
  }

  private baseMs(): number {
    return this.frozenBaseMs ?? Date.now();
  }

  /** Unix seconds, as every Stripe timestamp. */
  now(): number {
    return Math.floor(this.baseMs() / 1000) + this.store.clockOffsetSeconds;
  }

  nowMs(): number {
    return this.baseMs() + this.store.clockOffsetSeconds * 1000;
  }

  /** Jumps to an absolute time (used while replaying due billing work in order). */
  setTo(unixSeconds: number): void {
    const delta = unixSeconds - this.now();
    if (delta > 0) this.store.clockOffsetSeconds += delta;
  }
}
