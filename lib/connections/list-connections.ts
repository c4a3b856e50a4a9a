import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orgDeliveriesByEndpoint } from "@/db/queries/endpoint-deliveries";
import { providerConnections, webhookSecrets, type Mode, type WebhookEndpoint, type WebhookSecret } from "@/db/schema";
import { hasRole, type OrgContext } from "@/lib/auth/context";
import { env } from "@/lib/env";
import { iso } from "@/lib/utils/iso";
import { traitsOf } from "@/lib/providers/traits";
import { endpointApiVersions, type EndpointApiVersion } from "./api-version-drift";
import { providerAvailability } from "./availability";
import { listOrgEndpoints } from "./endpoint-target";
import { serializeConnection } from "./serialize";

/** The Connections page of one organization and mode: connections, availability, endpoints. */
export async function listConnections({ ctx, input }: { ctx: OrgContext; input: { mode: Mode } }) {
  const { mode } = input;
  const rows = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, ctx.organization.id), eq(providerConnections.mode, mode)));
  const endpoints = await listOrgEndpoints(db, ctx.organization.id, mode);
  const secrets = endpoints.length
    ? await db
        .select()
        .from(webhookSecrets)
        .where(inArray(webhookSecrets.endpointId, endpoints.map((e) => e.id)))
        .orderBy(desc(webhookSecrets.createdAt))
    : [];
  // Beacon's shared Stripe endpoints: only this organization's own deliveries through them.
  const activeSince = new Map<string, Date>();
  for (const e of endpoints.filter((e) => e.organizationId === null)) {
    activeSince.set(e.id, secrets.find((s) => s.endpointId === e.id && s.status === "active")?.createdAt ?? new Date(0));
  }
  const [own, apiVersions] = await Promise.all([orgDeliveriesByEndpoint(db, ctx.organization.id, mode, activeSince), endpointApiVersions(db, ctx.organization.id, mode)]);
  const find = (provider: "stripe" | "conekta") => rows.find((r) => r.provider === provider);
  const stripe = find("stripe");
  const conekta = find("conekta");
  return {
    mode,
    publicUrl: env.publicUrl,
    sandbox: env.sandbox !== null,
    overlapHours: env.BEACON_SECRET_OVERLAP_HOURS,
    availability: { stripe: providerAvailability("stripe", mode), conekta: providerAvailability("conekta", mode) },
    stripe: stripe ? serializeConnection(stripe) : null,
    conekta: conekta ? serializeConnection(conekta) : null,
    endpoints: endpoints.map((e) => serializeEndpoint(ctx, e, secrets.filter((s) => s.endpointId === e.id), own.get(e.id) ?? null, apiVersions.get(e.id))),
  };
}

export type ListConnectionsResponse = Awaited<ReturnType<typeof listConnections>>;
export type SerializedEndpoint = ListConnectionsResponse["endpoints"][number];

/**
 * An endpoint without its secrets: only their status and dates. A shared endpoint's delivery
 * figures are the organization's own (`own`), never the platform's.
 */
function serializeEndpoint(
  ctx: OrgContext,
  e: WebhookEndpoint,
  secrets: WebhookSecret[],
  own: { lastDeliveryAt: Date | null; verified: number } | null,
  apiVersion: EndpointApiVersion | undefined,
) {
  const active = secrets.find((s) => s.status === "active");
  const now = Date.now();
  const shared = e.organizationId === null;
  return {
    id: e.id,
    provider: e.provider,
    kind: e.kind,
    mode: e.mode,
    url: e.url,
    /** Beacon's platform endpoints are shared by every organization; Beacon's operators rotate them. */
    shared,
    lastDeliveryAt: iso(shared ? own?.lastDeliveryAt : e.lastDeliveryAt),
    lastVerification: shared ? (own?.lastDeliveryAt ? "verified" : null) : e.lastVerification,
    secretCreatedAt: iso(active?.createdAt),
    verifiedCount: shared ? (own?.verified ?? 0) : (active?.verifiedCount ?? 0),
    retiring: secrets
      .filter((s) => s.status === "retiring" && (!s.retiresAt || s.retiresAt.getTime() > now))
      .map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), retiresAt: iso(s.retiresAt) })),
    canRotate: !shared && hasRole(ctx, "admin"),
    /** The API version this organization's events arrive at through it, against Beacon's own. */
    apiVersion: apiVersion ?? { provider: e.provider, expected: traitsOf(e.provider).apiVersion, current: null, versions: [], drift: false },
  };
}
