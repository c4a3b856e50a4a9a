import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { checkouts, customers, plans, subscriptions } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import { confirmDoorOf, confirmKind, serializeCheckout } from "./serialize-checkout";

/**
 * One checkout of the caller's organization with its plan and subscription. An API token sees
 * only its own mode; anything else (another tenant's, a malformed id) is not found.
 */
export async function loadCheckout(ctx: OrgContext, checkoutId: string) {
  const [row] = await db
    .select({
      checkout: checkouts,
      plan: { code: plans.code, name: plans.name },
      subscription: { status: subscriptions.status },
      buyer: { email: customers.email, name: customers.name },
      confirmKind,
    })
    .from(checkouts)
    .innerJoin(plans, eq(plans.id, checkouts.planId))
    .leftJoin(subscriptions, eq(subscriptions.id, checkouts.subscriptionId))
    .leftJoin(customers, eq(customers.id, checkouts.customerId))
    .where(
      and(
        eq(checkouts.id, checkoutId),
        eq(checkouts.organizationId, ctx.organization.id),
        ctx.principal.type === "api_token" ? eq(checkouts.mode, ctx.principal.mode) : undefined,
      ),
    );
  if (!row) throw new DomainError("not_found", "No such checkout.");
  return row;
}

export async function getCheckout({ ctx, input }: { ctx: OrgContext; input: { checkoutId: string } }) {
  const row = await loadCheckout(ctx, input.checkoutId);
  return serializeCheckout(row.checkout, row.plan, row.subscription, new Date(), row.buyer, confirmDoorOf(row.confirmKind));
}

export type GetCheckoutResponse = Awaited<ReturnType<typeof getCheckout>>;
