import "server-only";
import type { OrgContext } from "@/lib/auth/context";
import { deterministicUuid, fingerprintOf, providerIdempotencyKey } from "@/lib/idempotency/fingerprint";
import { runIdempotent } from "@/lib/idempotency/run-idempotent";
import type { CreateCheckoutBody } from "@/lib/validations/checkouts";
import { createCheckout } from "./create-checkout";

const operation = "POST /v1/billing/subscription-checkouts";

/**
 * createCheckout under an Idempotency-Key, scoped to the token's organization and mode. The
 * checkout id and the provider's idempotency key are derived from (scope, key, body), so a
 * retry after a crash sends the provider the same request and gets its first checkout back.
 */
export async function createCheckoutIdempotently({ ctx, key, input }: { ctx: OrgContext & { principal: { type: "api_token" } }; key: string; input: CreateCheckoutBody }) {
  const scope = { organizationId: ctx.organization.id, mode: ctx.principal.mode };
  const fingerprint = fingerprintOf(input);
  return runIdempotent({ scope, key, operation, fingerprint }, async () => {
    const attempt = {
      checkoutId: deterministicUuid(scope.organizationId, scope.mode, key, fingerprint),
      providerIdempotencyKey: providerIdempotencyKey(scope, key, fingerprint, "checkout"),
    };
    const checkout = await createCheckout({ ctx, input, attempt });
    return { status: 201, body: JSON.stringify(checkout) };
  });
}
