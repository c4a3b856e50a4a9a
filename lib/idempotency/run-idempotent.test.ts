import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { db } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import { createOwner } from "@/lib/testing/factories";
import { runIdempotent } from "./run-idempotent";

// One key, one answer: a request that outlived its lease (a hung call before calls were bounded)
// and finishes after another request took its key over must not answer a second, different 201.
it("a request that finishes after its key was taken over replays the answer stored first", async () => {
  const owner = await createOwner("lease-overrun");
  const request = { scope: { organizationId: owner.organization.id, mode: "test" as const }, key: "slow", operation: "POST /test", fingerprint: "f" };
  let finishFirst!: () => void;
  const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  const first = runIdempotent(request, async () => {
    started();
    await firstDone;
    return { status: 201, body: '{"made":"first"}' };
  });
  await firstStarted;
  // Its lease runs out while it is still running; the next request takes the key over and answers.
  await db
    .update(idempotencyKeys)
    .set({ lockedUntil: sql`now() - interval '1 second'` })
    .where(and(eq(idempotencyKeys.organizationId, owner.organization.id), eq(idempotencyKeys.key, "slow")));
  const second = await runIdempotent(request, async () => ({ status: 201, body: '{"made":"second"}' }));
  expect(second).toEqual({ status: 201, body: '{"made":"second"}', replayed: false });

  finishFirst();
  expect(await first).toEqual({ status: 201, body: '{"made":"second"}', replayed: true });
  const third = await runIdempotent(request, async () => ({ status: 201, body: "never" }));
  expect(third).toEqual({ status: 201, body: '{"made":"second"}', replayed: true });
});
