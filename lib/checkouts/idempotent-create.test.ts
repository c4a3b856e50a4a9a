import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { checkouts, idempotencyKeys } from "@/db/schema";
import { fingerprintOf } from "@/lib/idempotency/fingerprint";
import { purgeIdempotencyKeys } from "@/lib/idempotency/purge-idempotency-keys";
import { stripeClient } from "@/lib/providers/clients";
import { crashAfterNextProviderCall } from "@/lib/testing/crash-injection";
import { checkoutOrg, postCheckout } from "@/lib/testing/checkouts";
import { createCheckoutBody } from "@/lib/validations/checkouts";

vi.mock("@/lib/audit/record-audit", async (importOriginal) => (await import("@/lib/testing/crash-injection")).recordAuditWithCrash(importOriginal));

type Org = Awaited<ReturnType<typeof checkoutOrg>>;
const rowsOf = (org: Org) => db.select().from(checkouts).where(eq(checkouts.organizationId, org.owner.organization.id));
const sessionsOf = async (org: Org) =>
  (await stripeClient("test").checkout.sessions.list({ limit: 100 }, { stripeAccount: org.stripe!.accountId! })).data;
const keyRow = (org: Org, key: string) =>
  and(eq(idempotencyKeys.organizationId, org.owner.organization.id), eq(idempotencyKeys.mode, "test"), eq(idempotencyKeys.key, key));

describe("Idempotency-Key on checkout creation", () => {
  it("replays the first response byte for byte, and refuses the key with another body (422)", async () => {
    const org = await checkoutOrg("replay");
    const first = await postCheckout(org.token, org.body(), "chk_op_1");
    const firstText = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Same body with its keys in another order: the canonical fingerprint is the same.
    const reordered = Object.fromEntries(Object.entries(org.body()).reverse());
    const again = await postCheckout(org.token, reordered, "chk_op_1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);

    const other = await postCheckout(org.token, org.body({ billingCycle: "yearly" }), "chk_op_1");
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ reason: "idempotency_key_reused", errors: [{ field: "Idempotency-Key" }] });
    expect(await rowsOf(org)).toHaveLength(1);
    expect(await sessionsOf(org)).toHaveLength(1);
  });

  it("scopes keys to the organization: another tenant's identical key is a new request", async () => {
    const a = await checkoutOrg("scope-a");
    const b = await checkoutOrg("scope-b");
    const ra = await (await postCheckout(a.token, a.body(), "shared")).json();
    const rb = await (await postCheckout(b.token, b.body(), "shared")).json();
    expect(ra.id).not.toBe(rb.id);
  });

  it("answers 409 with a short Retry-After while the first request is in flight", async () => {
    const org = await checkoutOrg("inflight");
    const body = org.body();
    await db.insert(idempotencyKeys).values({
      organizationId: org.owner.organization.id,
      mode: "test",
      key: "busy",
      operation: "POST /v1/billing/subscription-checkouts",
      fingerprint: fingerprintOf(createCheckoutBody.parse(body)),
      lockedUntil: sql`now() + interval '30 seconds'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    const res = await postCheckout(org.token, body, "busy");
    expect(res.status).toBe(409);
    // A live first request finishes in seconds; the 30 s left on its lease is only the dead-process bound.
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(2);
    expect(await res.json()).toMatchObject({ reason: "idempotency_key_in_use" });
    // The holder died: once its lease is over, the next retry takes the key over and completes.
    await db.update(idempotencyKeys).set({ lockedUntil: sql`now() - interval '1 second'` }).where(keyRow(org, "busy"));
    expect((await postCheckout(org.token, body, "busy")).status).toBe(201);
    expect(await rowsOf(org)).toHaveLength(1);
  });

  it("twenty concurrent requests with one key make one provider checkout and one row", async () => {
    const org = await checkoutOrg("race");
    const responses = await Promise.all(Array.from({ length: 20 }, () => postCheckout(org.token, org.body(), "chk_race")));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const conflict of responses.filter((r) => r.status === 409)) expect(conflict.headers.get("retry-after")).toBeTruthy();
    const ids = new Set(await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await rowsOf(org)).toHaveLength(1);
    expect(await sessionsOf(org)).toHaveLength(1);
  });

  it("a crash between the provider call and the write leaves one provider session on retry", async () => {
    const org = await checkoutOrg("crash");
    crashAfterNextProviderCall();
    const failed = await postCheckout(org.token, org.body(), "chk_crash");
    expect(failed.status).toBe(500);
    expect(await rowsOf(org)).toHaveLength(0);
    expect(await sessionsOf(org)).toHaveLength(1);
    const retried = await postCheckout(org.token, org.body(), "chk_crash");
    expect(retried.status).toBe(201);
    const body = await retried.json();
    const sessions = await sessionsOf(org);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.client_reference_id).toBe(body.id);
    expect((await rowsOf(org)).map((r) => r.providerCheckoutId)).toEqual([sessions[0]?.id]);
  });

  it("forgets keys after their TTL: purged, and the key is usable again", async () => {
    const org = await checkoutOrg("ttl");
    expect((await postCheckout(org.token, org.body(), "old")).status).toBe(201);
    const [stored] = await db.select().from(idempotencyKeys).where(keyRow(org, "old"));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(24 * 3600_000);
    await db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(keyRow(org, "old"));
    const reused = await postCheckout(org.token, org.body({ billingCycle: "yearly" }), "old");
    expect(reused.status).toBe(201);
    expect(reused.headers.get("idempotent-replayed")).toBeNull();
    await db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(keyRow(org, "old"));
    expect(await purgeIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(idempotencyKeys).where(keyRow(org, "old"))).toHaveLength(0);
  });
});
