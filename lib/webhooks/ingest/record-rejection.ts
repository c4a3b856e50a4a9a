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
  | "unknown_endpoint";

export interface Rejection {
  provider: Provider;
  reason: RejectionReason;
  detail: string;
  skewSeconds: number | null;
  endpointId: string | null;
  organizationId: string | null;
  body: Buffer;
}

/**
 * Records why a delivery was refused: reason, skew and the body's hash (to match it with the
 * provider's dashboard), never the payload. A failure to record is logged, not surfaced: the
 * answer to the provider is 400 either way.
 */
export async function recordRejection(db: Db, rejection: Rejection) {
  const bodySha256 = createHash("sha256").update(rejection.body).digest("hex");
  try {
    await db.insert(webhookRejections).values({
      provider: rejection.provider,
      endpointId: rejection.endpointId,
      organizationId: rejection.organizationId,
      reason: rejection.reason,
      detail: rejection.detail,
      skewSeconds: rejection.skewSeconds,
      bodySha256,
    });
  } catch (error) {
    logger.error({ err: error, reason: rejection.reason, bodySha256 }, "could not record a webhook rejection");
  }
  logger.warn({ provider: rejection.provider, reason: rejection.reason, skewSeconds: rejection.skewSeconds, bodySha256 }, "webhook rejected");
}
