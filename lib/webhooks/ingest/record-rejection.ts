import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db";
import { webhookRejections, type Provider } from "@/db/schema";
import { logger } from "@/lib/utils/logger";

export type RejectionReason =
  | "missing_signature"
  | "bad_signature"
  | "timestamp_out_of_tolerance"
  | "unparseable"
  | "payload_too_large"
  | "unknown_endpoint"
  /** A forwarded event about an account (or a mode) its forwarding endpoint's organization does not hold. */
  | "foreign_account";

export interface Rejection {
  provider: Provider;
  reason: RejectionReason;
  detail: string;
  skewSeconds: number | null;
  endpointId: string | null;
  organizationId: string | null;
  body: Buffer;
}

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

/**
 * The skew as the `skew_seconds` column (int4) can hold it: a header may carry any timestamp
 * (`t=99999999999999` is 3 million years ahead), and such a delivery must still be recorded. The
 * exact value stays in the detail text.
 */
export function storableSkew(skew: number | null): number | null {
  if (skew === null || Number.isNaN(skew)) return null;
  return Math.min(INT4_MAX, Math.max(INT4_MIN, Math.trunc(skew)));
}

/**
 * Records why a delivery was refused: reason, skew and the body's hash (to match it with the
 * provider's dashboard), never the payload. If the full row cannot be written (its endpoint or
 * organization deleted meanwhile), the bare facts are written unattributed rather than lost; only
 * a database that refuses both is logged, not surfaced: the answer to the provider is 400 either way.
 */
export async function recordRejection(db: Db, rejection: Rejection) {
  const bodySha256 = createHash("sha256").update(rejection.body).digest("hex");
  const row = {
    provider: rejection.provider,
    endpointId: rejection.endpointId,
    organizationId: rejection.organizationId,
    reason: rejection.reason,
    detail: rejection.detail.slice(0, 1000),
    skewSeconds: storableSkew(rejection.skewSeconds),
    bodySha256,
  };
  try {
    await db.insert(webhookRejections).values(row);
  } catch (error) {
    try {
      await db.insert(webhookRejections).values({ ...row, endpointId: null, organizationId: null });
      logger.warn({ err: error, reason: rejection.reason, bodySha256 }, "webhook rejection recorded without its endpoint and organization");
    } catch (again) {
      logger.error({ err: again, reason: rejection.reason, bodySha256 }, "could not record a webhook rejection");
    }
  }
  logger.warn({ provider: rejection.provider, reason: rejection.reason, skewSeconds: rejection.skewSeconds, bodySha256 }, "webhook rejected");
}
