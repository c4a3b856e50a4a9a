import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { createMember, createOwner } from "@/lib/testing/factories";
import { getFiscalSettings, readFiscalSettings } from "./get-fiscal-settings";
import { updateFiscalSettings } from "./update-fiscal-settings";

describe("fiscal settings", () => {
  it("default off; an admin turns automatic tax on, audited; a viewer cannot", async () => {
    const ctx = await createOwner("tax-settings");
    const viewer = await createMember(ctx, "viewer");
    expect(await getFiscalSettings({ ctx })).toEqual({ automaticTax: false, updatedAt: null });

    await expect(updateFiscalSettings({ ctx: viewer, input: { automaticTax: true } })).rejects.toMatchObject({ code: "forbidden" });
    expect((await readFiscalSettings(db, ctx.organization.id)).automaticTax).toBe(false);

    expect(await updateFiscalSettings({ ctx, input: { automaticTax: true } })).toMatchObject({ automaticTax: true });
    expect(await getFiscalSettings({ ctx: viewer })).toMatchObject({ automaticTax: true });
    await updateFiscalSettings({ ctx, input: { automaticTax: false } });
    const audit = await db
      .select({ metadata: auditLog.metadata })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, ctx.organization.id), eq(auditLog.action, "fiscal_settings.updated")))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.metadata)).toEqual([{ automaticTax: true }, { automaticTax: false }]);
  });
});
