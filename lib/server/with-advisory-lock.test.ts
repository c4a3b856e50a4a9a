import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { runMaintenanceJob } from "./maintenance-jobs";
import { withAdvisoryLock } from "./with-advisory-lock";

const key = 9_001; // not a maintenance job's key

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("withAdvisoryLock", () => {
  it("runs one of two concurrent runs of the same job; the other skips at once", async () => {
    const held = gate();
    let runs = 0;
    const first = withAdvisoryLock(db, key, async () => {
      runs += 1;
      await held.opened;
      return "first";
    });
    // Wait until the first run holds the lock, then race a second one against it.
    await expect.poll(() => runs).toBe(1);
    const second = await withAdvisoryLock(db, key, async () => {
      runs += 1;
      return "second";
    });
    expect(second).toEqual({ ran: false });
    held.open();
    expect(await first).toEqual({ ran: true, result: "first" });
    expect(runs).toBe(1);
  });

  it("releases the lock after a run, even a failed one", async () => {
    await expect(withAdvisoryLock(db, key, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withAdvisoryLock(db, key, async () => "again")).toEqual({ ran: true, result: "again" });
  });

  it("locks jobs separately: a held job does not block another", async () => {
    const held = gate();
    const running = withAdvisoryLock(db, key, () => held.opened);
    await expect.poll(async () => (await withAdvisoryLock(db, key, async () => 0)).ran).toBe(false);
    expect(await withAdvisoryLock(db, key + 1, async () => "other")).toEqual({ ran: true, result: "other" });
    held.open();
    await running;
  });

  it("runs a maintenance job through the same lock", async () => {
    const outcome = await runMaintenanceJob("idempotency-purge");
    expect(outcome).toMatchObject({ ran: true, result: { purged: expect.any(Number) } });
  });
});
