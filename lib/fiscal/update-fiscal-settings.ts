import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { fiscalSettings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { FiscalSettingsInput } from "@/lib/validations/fiscal";
import { readFiscalSettings } from "./get-fiscal-settings";

/** Turns automatic tax and tax-ID collection on or off for checkouts created from now on (admins). */
export async function updateFiscalSettings({ ctx, input }: { ctx: OrgContext; input: FiscalSettingsInput }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    await tx
      .insert(fiscalSettings)
      .values({ organizationId: ctx.organization.id, automaticTax: input.automaticTax })
      .onConflictDoUpdate({ target: fiscalSettings.organizationId, set: { automaticTax: input.automaticTax, updatedAt: sql`now()` } });
    await recordAudit(tx, ctx, { action: "fiscal_settings.updated", targetType: "organization", targetId: ctx.organization.id, metadata: { automaticTax: input.automaticTax } });
    return readFiscalSettings(tx, ctx.organization.id);
  });
}
