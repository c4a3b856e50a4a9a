import "server-only";
import { randomUUID } from "node:crypto";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { CreateTestCheckoutInput } from "@/lib/validations/checkouts";
import { createCheckout } from "./create-checkout";
import { failureOf, recordCheckoutRequest } from "./record-checkout-request";

/**
 * "Create a test checkout" on the Checkouts page (admins): the API's checkout in test mode, so a
 * merchant can try the hosted page without writing code. A form submit is one attempt, so it
 * gets fresh ids rather than an Idempotency-Key. The call goes to the checkout request log.
 */
export async function createTestCheckout({ ctx, input, requestId }: { ctx: OrgContext; input: CreateTestCheckoutInput; requestId: string }) {
  const startedAt = new Date();
  requireRole(ctx, "admin");
  const checkoutId = randomUUID();
  const log = { organizationId: ctx.organization.id, mode: "test" as const, principal: ctx.principal };
  const entry = { kind: "dashboard_create" as const, checkoutId, method: "POST", path: `/api/orgs/${ctx.organization.slug}/checkouts`, requestId, startedAt };
  try {
    const checkout = await createCheckout({
      ctx,
      input: { ...input, organizationId: ctx.organization.id, mode: "test" },
      attempt: { checkoutId, providerIdempotencyKey: `beacon:dashboard:${checkoutId}` },
    });
    await recordCheckoutRequest(log, { ...entry, outcome: "created", status: 201 });
    return checkout;
  } catch (error) {
    await recordCheckoutRequest(log, { ...entry, ...failureOf(error) });
    throw error;
  }
}
