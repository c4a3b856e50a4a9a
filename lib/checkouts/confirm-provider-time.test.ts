import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { checkouts, subscriptions, subscriptionTimeline } from "@/db/schema";
import { stripeClient } from "@/lib/providers/clients";
import { checkoutOrg, confirmCheckoutById, postCheckout, payStripeCheckout } from "@/lib/testing/checkouts";
import { addEndpoint, deliverStripe } from "@/lib/webhooks/testing/fixtures";
import { advanceSandboxClock } from "@/lib/webhooks/testing/sandbox-control";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { confirmReturn } from "./confirm-return";

// Quickstart step 5 moves the provider's clock ahead of the wall clock. A confirmation must be
// ordered by the provider's time of what it read, or the webhooks' older `incomplete` (stamped
// 31 days "later") wins over the confirmation's `active`.
test.each(["return", "confirm"] as const)("a %s confirmation after the sandbox clock moved 31 days keeps the subscription active", { timeout: 90_000 }, async (path) => {
  const org = await checkoutOrg(`clock-${path}`);
  const secret = `whsec_${randomBytes(16).toString("hex")}`;
  await addEndpoint({ provider: "stripe", organizationId: null, connectionId: null, secret });
  await advanceSandboxClock(31 * 86_400);

  const created = await (await postCheckout(org.token, org.body(), randomUUID())).json();
  expect((await payStripeCheckout(created.url)).status).toBe(303);
  const [row] = await db.select().from(checkouts).where(eq(checkouts.id, created.id));
  if (path === "return") {
    expect(await confirmReturn({ input: { checkoutId: created.id, providerCheckoutId: row!.providerCheckoutId, canceled: false } })).toMatchObject({ result: "completed", subscriptionStatus: "active" });
  } else {
    expect((await confirmCheckoutById(org.token, created.id)).status).toBe(200);
  }

  // Then the webhooks arrive, in the provider's order, and the worker processes them.
  const events = [];
  for await (const e of stripeClient("test").events.list({ limit: 100 }, { stripeAccount: org.stripe!.accountId! })) events.push(e);
  expect(events.some((e) => e.type === "customer.subscription.created")).toBe(true);
  // One at a time: within one provider second the worker's claim order is arbitrary.
  for (const e of events.reverse()) {
    expect((await deliverStripe(JSON.stringify(e), secret)).status).toBe(200);
    await drainEvents({ db, concurrency: 1, name: `clock-${path}`, organizationId: org.owner.organization.id });
  }

  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org.owner.organization.id));
  expect(sub).toMatchObject({ status: "active" });
  const statuses = await db
    .select({ from: subscriptionTimeline.fromValue, to: subscriptionTimeline.toValue })
    .from(subscriptionTimeline)
    .where(and(eq(subscriptionTimeline.subscriptionId, sub!.id), eq(subscriptionTimeline.field, "status")));
  // Never active → incomplete → active.
  expect(statuses).toEqual([{ from: null, to: "active" }]);
});
