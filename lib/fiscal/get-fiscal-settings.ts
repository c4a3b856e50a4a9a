import "server-only";
import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { fiscalSettings } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { iso } from "@/lib/utils/iso";

/** An organization's fiscal settings, defaults when never saved. Checkout creation reads it. */
export async function readFiscalSettings(tx: DbOrTx, organizationId: string) {
  const [row] = await tx.select().from(fiscalSettings).where(eq(fiscalSettings.organizationId, organizationId));
  return { automaticTax: row?.automaticTax ?? false, updatedAt: iso(row?.updatedAt) };
}

export function getFiscalSettings({ ctx }: { ctx: OrgContext }) {
  return readFiscalSettings(db, ctx.organization.id);
}

export type FiscalSettingsResponse = Awaited<ReturnType<typeof getFiscalSettings>>;
