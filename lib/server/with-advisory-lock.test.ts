import { describe, expect, inject, it } from "vitest";
import { db } from "@/db";
import { runMaintenanceJob } from "./maintenance-jobs";
import { staleLockSeconds, withAdvisoryLock } from "./with-advisory-lock";

const key = 9_001; // not a maintenance job's key

/** Starts a run that holds `lockKey` until released; resolves once it is inside the lock. */
async function holdLock(lockKey: number) {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const run = withAdvisoryLock(db, lockKey, async () => {
    entered();
    await released;
    return "held";
  });
  await Promise.race([inside, run]);
  return { run, release };
}

describe("withAdvisoryLock", () => {
  it("runs one of two concurrent runs of the same job; the other skips at once", async () => {
    const first = await holdLock(key);
    let ran = false;
    const second = await withAdvisoryLock(db, key, async () => (ran = true));
    expect(second).toEqual({ ran: false });
    expect(ran).toBe(false);
    first.release();
    expect(await first.run).toEqual({ ran: true, result: "held" });
  });

  it("releases the lock after a run, even a failed one", async () => {
    await expect(withAdvisoryLock(db, key, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withAdvisoryLock(db, key, async () => "again")).toEqual({ ran: true, result: "again" });
  });

  it("locks jobs separately: a held job does not block another", async () => {
    const held = await holdLock(key);
    expect(await withAdvisoryLock(db, key + 1, async () => "other")).toEqual({ ran: true, result: "other" });
    held.release();
    await held.run;
  });

  // PGlite's one session outlives a client killed mid-run; PostgreSQL ends the session with it.
  it.runIf(inject("databaseKind") === "pglite")("takes over a lock whose holder went away without releasing it", async () => {
    const stale = key + 2;
    const held = await holdLock(stale);
    expect(await withAdvisoryLock(db, stale, async () => 0)).toEqual({ ran: false });
    // The run began long ago, as the session setting records it.
    await db.$client`select set_config(${`beacon.advisory_lock_7419_${stale}`}, ${String(Date.now() / 1000 - staleLockSeconds - 60)}, false)`;
    expect(await withAdvisoryLock(db, stale, async () => "taken over")).toEqual({ ran: true, result: "taken over" });
    held.release();
    await held.run;
  });

  it("runs a maintenance job through the same lock", async () => {
    const outcome = await runMaintenanceJob("idempotency-purge");
    expect(outcome).toMatchObject({ ran: true, result: { purged: expect.any(Number) } });
  });
});
