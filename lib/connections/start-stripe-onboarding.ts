import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections, type ProviderConnection } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import type { StartStripeOnboardingInput } from "@/lib/validations/connections";
import { assertProviderAvailable, onboardingUrls } from "./availability";
import { ensureStripeEndpoints } from "./ensure-stripe-endpoints";
import { findOrgConnection, toHandle } from "./load-connection";
import { serializeConnection } from "./serialize";

/**
 * "Connect Stripe" and "Continue onboarding": creates the organization's Standard account in that
 * mode when it has none (or the old one was disconnected), makes sure Beacon's platform
 * endpoints exist, and returns a fresh single-use onboarding link to send the merchant to.
 */
export async function startStripeOnboarding({ ctx, input }: { ctx: OrgContext; input: StartStripeOnboardingInput }) {
  requireRole(ctx, "admin");
  assertProviderAvailable("stripe", input.mode);
  const connection = await ensureAccount(ctx, input.mode);
  await ensureStripeEndpoints(db, input.mode);
  const link = await getAdapter("stripe").createOnboardingLink!(toHandle(connection, null), onboardingUrls(ctx.organization.slug, connection.id));
  await recordAudit(db, ctx, {
    action: "connection.onboarding_link_created",
    targetType: "provider_connection",
    targetId: connection.id,
    metadata: { provider: "stripe", mode: input.mode, accountId: connection.accountId },
  });
  return { url: link.url, expiresAt: link.expiresAt.toISOString(), connection: serializeConnection(connection) };
}

/** Stripe's link expired or was used: a new one for the same connection's mode. */
export async function restartStripeOnboarding({ ctx, input }: { ctx: OrgContext; input: { connectionId: string } }) {
  const connection = await findOrgConnection(db, ctx.organization.id, input.connectionId);
  return startStripeOnboarding({ ctx, input: { mode: connection.mode } });
}

export type StartStripeOnboardingResponse = Awaited<ReturnType<typeof startStripeOnboarding>>;

async function ensureAccount(ctx: OrgContext, mode: StartStripeOnboardingInput["mode"]): Promise<ProviderConnection> {
  const organizationId = ctx.organization.id;
  // Serialized per organization and mode, so a double click creates one account, not two.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`beacon:stripe-account:${organizationId}:${mode}`}))`);
    const [existing] = await tx
      .select()
      .from(providerConnections)
      .where(and(eq(providerConnections.organizationId, organizationId), eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, mode)));
    if (existing?.accountId && existing.status !== "disconnected") return existing;
    const snapshot = await getAdapter("stripe").createAccount!(mode, {
      organizationId,
      organizationName: ctx.organization.name,
      email: ctx.principal.type === "user" ? ctx.principal.email : null,
    });
    const now = new Date();
    const values = { status: snapshot.status, accountId: snapshot.accountId, details: snapshot.details, lastSyncedAt: now, updatedAt: now, disconnectedAt: null };
    const [row] = existing
      ? await tx.update(providerConnections).set(values).where(eq(providerConnections.id, existing.id)).returning()
      : await tx.insert(providerConnections).values({ organizationId, provider: "stripe", mode, ...values }).returning();
    await recordAudit(tx, ctx, {
      action: existing ? "connection.reconnected" : "connection.connected",
      targetType: "provider_connection",
      targetId: row!.id,
      metadata: { provider: "stripe", mode, accountId: snapshot.accountId, status: snapshot.status, previousAccountId: existing?.accountId ?? null },
    });
    return row!;
  });
}
