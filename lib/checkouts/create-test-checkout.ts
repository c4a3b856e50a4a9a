import "server-only";
import { randomUUID } from "node:crypto";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { CreateTestCheckoutInput } from "@/lib/validations/checkouts";
import { createCheckout } from "./create-checkout";

/**
 * "Create a test checkout" on the Checkouts page (admins): the API's checkout in test mode, so a
 * merchant can try the hosted page without writing code. A form submit is one attempt, so it
 * gets fresh ids rather than an Idempotency-Key.
 */
export async function createTestCheckout({ ctx, input }: { ctx: OrgContext; input: CreateTestCheckoutInput }) {
  requireRole(ctx, "admin");
  const checkoutId = randomUUID();
  return createCheckout({
    ctx,
    input: { ...input, organizationId: ctx.organization.id, mode: "test" },
    attempt: { checkoutId, providerIdempotencyKey: `beacon:dashboard:${checkoutId}` },
  });
}
