import "server-only";
import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { checkouts, type Checkout } from "@/db/schema";
import { DomainError, type FieldError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getEnabledConnection, loadConnectionHandle } from "@/lib/connections/load-connection";
import { env } from "@/lib/env";
import { readFiscalSettings } from "@/lib/fiscal/get-fiscal-settings";
import { ensurePlanPriceRef } from "@/lib/plans/ensure-plan-price-ref";
import { findPlanPrice } from "@/lib/plans/find-plan-price";
import { getAdapter } from "@/lib/providers";
import { providerLabel, traitsOf, type ProviderTraits } from "@/lib/providers/traits";
import { readDefaultProvider } from "@/lib/organizations/org-settings";
import type { CreateCheckoutBody } from "@/lib/validations/checkouts";
import { assertNoDuplicateSubscription } from "./find-duplicate-subscription";
import { serializeCheckout } from "./serialize-checkout";

/** What stays the same across retries of one logical request, so the provider sees one request. */
export interface CheckoutAttempt {
  checkoutId: string;
  providerIdempotencyKey: string;
}

/**
 * Creates a hosted subscription checkout: checks the request against the caller's organization
 * and mode, the plan and the enabled connection, refuses a duplicate (the buyer's live
 * subscription or open checkout, unless the request sets `allowDuplicate: true`), syncs the
 * plan's price to the provider if needed, asks the provider for the hosted checkout, and
 * records it. Everything that can be refused is refused before the provider is called.
 */
export async function createCheckout({ ctx, input, attempt }: { ctx: OrgContext; input: CreateCheckoutBody; attempt: CheckoutAttempt }) {
  assertCaller(ctx, input);
  const organizationId = ctx.organization.id;
  const { plan, price } = await findPlanPrice(db, organizationId, input.plan, input.billingCycle);
  const { connection, chosenBy } = await chooseConnection(organizationId, input);
  assertProviderCanBill(traitsOf(connection.provider), input, plan.currency, chosenBy);
  if (input.allowDuplicate !== true) {
    await assertNoDuplicateSubscription({
      organizationId,
      mode: input.mode,
      planId: plan.id,
      anyPlanOnConnection: traitsOf(connection.provider).oneSubscriptionPerCustomer ? connection.id : null,
      customer: input.customer,
      checkoutId: attempt.checkoutId,
    });
  }

  const handle = await loadConnectionHandle(db, connection.id);
  const ref = await ensurePlanPriceRef(handle, plan, price);
  const returnUrl = `${env.publicUrl}/billing/return?checkout=${attempt.checkoutId}`;
  const remote = await getAdapter(connection.provider).createCheckout(handle, {
    checkoutId: attempt.checkoutId,
    priceRef: ref.priceRef,
    billingCycle: input.billingCycle,
    plan: { id: plan.id, code: plan.code, name: plan.name, currency: plan.currency, unitAmount: price.unitAmount },
    trialDays: plan.trialDays,
    customer: input.customer ?? null,
    successUrl: returnUrl,
    cancelUrl: `${returnUrl}&outcome=canceled`,
    // The organization's fiscal setting (Stripe Tax); Conekta's adapter ignores it, its prices carry IVA.
    automaticTax: (await readFiscalSettings(db, organizationId)).automaticTax,
    idempotencyKey: attempt.providerIdempotencyKey,
  });

  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(checkouts)
      .values({
        id: attempt.checkoutId,
        organizationId,
        mode: input.mode,
        provider: connection.provider,
        connectionId: connection.id,
        planId: plan.id,
        billingCycle: input.billingCycle,
        providerCheckoutId: remote.providerCheckoutId,
        url: remote.url,
        customerEmail: input.customer?.email ?? null,
        customerName: input.customer?.name ?? null,
        customerReference: input.customer?.reference ?? null,
        successUrl: input.successUrl ?? null,
        cancelUrl: input.cancelUrl ?? null,
        expiresAt: remote.expiresAt,
      })
      .onConflictDoNothing()
      .returning();
    // A retry that took over a crashed request finds the row the first attempt wrote.
    if (!created) return existingRow(tx, attempt.checkoutId, organizationId);
    await recordAudit(tx, ctx, {
      action: "checkout.created",
      targetType: "checkout",
      targetId: created.id,
      metadata: { provider: created.provider, mode: created.mode, plan: plan.code, billingCycle: created.billingCycle, providerCheckoutId: created.providerCheckoutId },
    });
    return created;
  });
  return serializeCheckout(row, plan);
}

export type CreateCheckoutResponse = Awaited<ReturnType<typeof createCheckout>>;

/** The token's own organization (anything else reads as not found) and mode; members need admin. */
function assertCaller(ctx: OrgContext, input: CreateCheckoutBody) {
  const org = ctx.organization;
  if (input.organizationId !== org.id && input.organizationId !== org.slug) {
    throw new DomainError("not_found", "No such organization for this token.", { errors: [{ field: "organizationId", message: "Not this token's organization" }] });
  }
  const mode = ctx.principal.type === "api_token" ? ctx.principal.mode : "test";
  if (ctx.principal.type !== "api_token") requireRole(ctx, "admin");
  if (input.mode !== mode) {
    throw new DomainError("validation_failed", `mode: this ${ctx.principal.type === "api_token" ? "token" : "page"} works in ${mode} mode.`, {
      errors: [{ field: "mode", message: `Must be "${mode}", the mode of the credential used` }],
    });
  }
}

/**
 * Which provider a checkout goes to: the request's `provider`; else the organization's default
 * provider (Settings); else the organization's oldest enabled connection in the mode.
 */
async function chooseConnection(organizationId: string, input: CreateCheckoutBody) {
  const defaultProvider = input.provider ? null : await readDefaultProvider(db, organizationId);
  const chosenBy: ChosenBy = input.provider ? "request" : defaultProvider ? "default" : "oldest";
  const provider = input.provider ?? defaultProvider ?? undefined;
  const connection = await getEnabledConnection(db, organizationId, input.mode, provider);
  if (connection) return { connection, chosenBy };
  const which = provider ? `No enabled ${providerLabel(provider)} connection` : "No enabled provider connection";
  const hint =
    chosenBy === "default"
      ? `${providerLabel(provider!)} is this organization's default provider (the request names none); connect it, send "provider", or change the default in Settings.`
      : "connect one on the Connections page.";
  throw new DomainError("validation_failed", `provider: ${which} in ${input.mode} mode; ${hint}`, {
    errors: [{ field: "provider", message: `${which} in ${input.mode} mode${chosenBy === "default" ? " (the organization's default provider)" : ""}` }],
  });
}

type ChosenBy = "request" | "default" | "oldest";

/** Why this provider, for an error about what it needs: the caller may not have chosen it. */
const chosenBecause: Record<ChosenBy, (label: string) => string> = {
  request: () => "",
  default: (label) => ` ${label} is this organization's default provider and the request names none: send these fields, or another "provider".`,
  oldest: (label) => ` ${label} is this organization's oldest enabled connection in this mode and the request names no provider: send these fields, or another "provider".`,
};

const list = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? ""));

/** Some providers bill a few currencies only, or create the customer up front and need its details (Conekta). */
function assertProviderCanBill(traits: ProviderTraits, input: CreateCheckoutBody, currency: string, chosenBy: ChosenBy) {
  const { label, checkout } = traits;
  const because = chosenBecause[chosenBy](label);
  if (checkout.currencies && !checkout.currencies.includes(currency)) {
    const billed = checkout.currencies.map((c) => c.toUpperCase()).join(" or ");
    throw new DomainError("validation_failed", `provider: ${label} bills in ${billed}; the plan "${input.plan}" is in ${currency.toUpperCase()}.${because}`, {
      errors: [{ field: "provider", message: `${label} cannot bill ${currency.toUpperCase()}` }],
    });
  }
  const missing: FieldError[] = checkout.requiredCustomerFields
    .filter((f) => !input.customer?.[f])
    .map((f) => ({ field: `customer.${f}`, message: `Required: ${label} creates the buyer as a customer (${list(checkout.requiredCustomerFields)}) before its payment page` }));
  if (missing.length) {
    const names = missing.map((m) => m.field);
    throw new DomainError(
      "validation_failed",
      `${list(names)}: missing. ${label} creates the buyer as a ${label} customer before showing its payment page, and that needs their ${list(checkout.requiredCustomerFields)}.${because}`,
      { errors: missing },
    );
  }
}

async function existingRow(tx: DbOrTx, id: string, organizationId: string): Promise<Checkout> {
  const [row] = await tx.select().from(checkouts).where(eq(checkouts.id, id));
  if (!row || row.organizationId !== organizationId) throw new DomainError("conflict", "This checkout id is already taken.");
  return row;
}
