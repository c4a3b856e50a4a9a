import "server-only";
import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { organizations, type Provider } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { OrgSettingsInput } from "@/lib/validations/organizations";

/** The provider a checkout that names none goes to; null when the organization has not chosen. */
export async function readDefaultProvider(tx: DbOrTx, organizationId: string): Promise<Provider | null> {
  const [row] = await tx.select({ defaultProvider: organizations.defaultProvider }).from(organizations).where(eq(organizations.id, organizationId));
  return row?.defaultProvider ?? null;
}

export async function getOrgSettings({ ctx }: { ctx: OrgContext }) {
  return { defaultProvider: await readDefaultProvider(db, ctx.organization.id) };
}

/** Sets (or clears, with null) the organization's default provider for checkouts (admins), audited. */
export async function updateOrgSettings({ ctx, input }: { ctx: OrgContext; input: OrgSettingsInput }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const from = await readDefaultProvider(tx, ctx.organization.id);
    await tx.update(organizations).set({ defaultProvider: input.defaultProvider }).where(eq(organizations.id, ctx.organization.id));
    if (from !== input.defaultProvider) {
      await recordAudit(tx, ctx, {
        action: "organization.default_provider_changed",
        targetType: "organization",
        targetId: ctx.organization.id,
        metadata: { from, to: input.defaultProvider },
      });
    }
    return { defaultProvider: input.defaultProvider };
  });
}

export type OrgSettingsResponse = Awaited<ReturnType<typeof getOrgSettings>>;
