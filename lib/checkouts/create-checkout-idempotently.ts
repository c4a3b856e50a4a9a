import "server-only";
import type { OrgContext } from "@/lib/auth/context";
import { deterministicUuid, fingerprintOf, providerIdempotencyKey } from "@/lib/idempotency/fingerprint";
import { runIdempotent } from "@/lib/idempotency/run-idempotent";
import type { CreateCheckoutBody } from "@/lib/validations/checkouts";
import { createCheckout } from "./create-checkout";
import { checkoutIdOfKey, failureOf, recordCheckoutRequest } from "./record-checkout-request";

const operation = "POST /v1/billing/subscription-checkouts";
const [method, path] = operation.split(" ") as [string, string];

/**
 * createCheckout under an Idempotency-Key, scoped to the token's organization and mode. The
 * checkout id and the provider's idempotency key are derived from (scope, key, body), so a
 * retry after a crash sends the provider the same request and gets its first checkout back.
 * Every call, refused ones included, goes to the checkout request log under that id.
 */
export async function createCheckoutIdempotently({
  ctx,
  key,
  input,
  requestId,
}: {
  ctx: OrgContext & { principal: { type: "api_token" } };
  key: string;
  input: CreateCheckoutBody;
  requestId: string;
}) {
  const startedAt = new Date();
  const scope = { organizationId: ctx.organization.id, mode: ctx.principal.mode };
  const fingerprint = fingerprintOf(input);
  const checkoutId = deterministicUuid(scope.organizationId, scope.mode, key, fingerprint);
  const log = { ...scope, principal: ctx.principal };
  const entry = { kind: "create" as const, idempotencyKey: key, method, path, requestId, fingerprint, startedAt };
  try {
    const result = await runIdempotent({ scope, key, operation, fingerprint }, async () => {
      const attempt = { checkoutId, providerIdempotencyKey: providerIdempotencyKey(scope, key, fingerprint, "checkout") };
      const checkout = await createCheckout({ ctx, input, attempt });
      return { status: 201, body: JSON.stringify(checkout) };
    });
    await recordCheckoutRequest(log, { ...entry, checkoutId, outcome: result.replayed ? "replayed" : "created", status: result.status });
    return result;
  } catch (error) {
    const failure = failureOf(error);
    // A reused key's other body would have made another checkout: name the key's own instead.
    const owner = failure.outcome === "key_reused_422" ? await checkoutIdOfKey(scope, key, operation) : checkoutId;
    await recordCheckoutRequest(log, { ...entry, ...failure, checkoutId: owner });
    throw error;
  }
}
