import { createAlertDestination } from "@/lib/alert-delivery/destinations";
import { replayFilterInput } from "@/lib/validations/replay";
import { runReplay } from "@/lib/webhooks/replay/run-replay";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { archivedEvents, checkouts, invitations, providerConnections, subscriptions, webhookEndpoints, webhookEvents, type MemberRole } from "@/db/schema";
import { addForwardingEndpoint } from "@/lib/connections/forwarding/add-forwarding-endpoint";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { OrgContext } from "@/lib/auth/context";
import { confirmReturn } from "@/lib/checkouts/confirm-return";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { createPlan } from "@/lib/plans/create-plan";
import { postCheckout, payStripeCheckout } from "@/lib/testing/checkouts";
import { connectConektaForTest, connectStripeForTest } from "@/lib/testing/connections";
import { createMember, createOwner, tokenOf } from "@/lib/testing/factories";
import { addEndpoint, deliverStripe, stripeEventBody } from "@/lib/webhooks/testing/fixtures";

// Two fully furnished organizations for the security suite: every kind of row a route can name
// exists in both, so a request made with the other organization's ids names real things.

export interface SeededOrg {
  label: string;
  owner: OrgContext;
  admin: OrgContext;
  viewer: OrgContext;
  tokens: { test: string; live: string; read: string };
  ids: {
    org: string;
    slug: string;
    tokenId: string;
    planId: string;
    planCode: string;
    checkoutId: string;
    subscriptionId: string;
    eventId: string;
    /** An event past the retention, in webhook_events_archive. */
    archivedEventId: string;
    archivedProviderEventId: string;
    connectionId: string;
    conektaConnectionId: string;
    liveConnectionId: string;
    endpointId: string;
    /** A `stripe listen` forwarding endpoint of this organization (its whsec_ is among `secrets`). */
    forwardingEndpointId: string;
    invitationId: string;
    /** The open invitation's link token (the capability its link carries). */
    invitationToken: string;
    memberUserId: string;
    /** A bulk replay of this organization's dead events. */
    replayId: string;
    /** A webhook alert destination (its signing secret is among `secrets`). */
    alertDestinationId: string;
  };
  /** Strings that name this organization's things and must never reach another tenant. */
  secrets: string[];
  /** The subset that exists in test mode only: a live credential of the same organization must not see them. */
  testModeOnly: string[];
}

const suffix = () => randomBytes(4).toString("hex");

export async function seedOrg(label: string): Promise<SeededOrg> {
  const tag = `${label}${suffix()}`;
  const owner = await createOwner(tag);
  const [admin, viewer] = await Promise.all([createMember(owner, "admin"), createMember(owner, "viewer")]);
  const token = (mode: "test" | "live", scopes: ("integration" | "read")[]) =>
    createApiToken({ ctx: owner, input: { name: `${mode}-${scopes.join("+")}`, scopes, mode } });
  const [test, live, read] = await Promise.all([token("test", ["integration"]), token("live", ["integration"]), token("test", ["read"])]);

  const planCode = `p-${tag}`;
  const plan = await createPlan({ ctx: owner, input: { code: planCode, name: `Plan ${tag}`, currency: "usd", trialDays: 0, prices: { monthly: 1500, yearly: 15000 } } });
  const stripe = await connectStripeForTest(owner);
  const conekta = await connectConektaForTest(owner);
  const [liveConnection] = await db
    .insert(providerConnections)
    .values({ organizationId: owner.organization.id, provider: "stripe", mode: "live", status: "enabled", accountId: `acct_live${tag}` })
    .returning();
  const endpoint = await addEndpoint({ provider: "conekta", organizationId: owner.organization.id, connectionId: conekta.id, secret: `pem-${tag}` });

  // A paid checkout, whose return creates the subscription, as a buyer would.
  const created = await postCheckout(test.token, { organizationId: owner.organization.id, plan: planCode, billingCycle: "monthly", mode: "test", customer: { email: `buyer-${tag}@example.test` } }, `seed-${tag}`);
  if (created.status !== 201) throw new Error(`seed checkout answered ${created.status}: ${await created.text()}`);
  const checkout = (await created.json()) as { id: string; url: string };
  await payStripeCheckout(checkout.url, "4242424242424242", `buyer-${tag}@example.test`);
  await confirmReturn({ input: { checkoutId: checkout.id, canceled: false } });
  const [subscription] = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, owner.organization.id));
  const [checkoutRow] = await db.select().from(checkouts).where(eq(checkouts.id, checkout.id));
  if (!subscription || !checkoutRow) throw new Error("seed: the paid checkout made no subscription");

  // One stored webhook event about this organization's account.
  const secret = `whsec_${randomBytes(16).toString("hex")}`;
  await addEndpoint({ provider: "stripe", organizationId: null, connectionId: null, secret });
  const providerEventId = `evt_${tag}`;
  const delivered = await deliverStripe(
    stripeEventBody({ id: providerEventId, type: "invoice.paid", account: stripe.accountId!, created: Math.floor(Date.now() / 1000), object: { id: `in_${tag}` } }),
    secret,
  );
  if (delivered.status !== 200) throw new Error(`seed event answered ${delivered.status}`);
  const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, providerEventId));
  // And one archived long ago (what the event-archive job leaves), read back by id and by search.
  const longAgo = new Date(Date.now() - 400 * 86_400_000);
  const [archived] = await db
    .insert(archivedEvents)
    .values({
      ...event!,
      id: randomUUID(),
      providerEventId: `evt_archived_${tag}`,
      providerCreatedAt: longAgo,
      receivedAt: longAgo,
      processedAt: longAgo,
      status: "processed",
      rawBody: JSON.stringify({ id: `evt_archived_${tag}`, object: "event", type: "invoice.paid" }),
      attemptLog: [],
    })
    .returning();

  const invitedEmail = `invitee-${tag}@example.test`;
  const invited = await createInvitation({ ctx: owner, input: { email: invitedEmail, role: "viewer" satisfies MemberRole } });
  const [invitation] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, owner.organization.id), eq(invitations.email, invitedEmail)));
  const [conektaEndpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
  const forwardingSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const forwarding = await addForwardingEndpoint({ ctx: owner, input: { mode: "test", secret: forwardingSecret } });

  const replay = await runReplay({ ctx: owner, input: replayFilterInput.parse({ mode: "test", status: "dead" }) });
  const alertDestination = await createAlertDestination({ ctx: owner, input: { kind: "webhook", url: `https://pager-${tag}.example.com/beacon`, minSeverity: "critical" } });

  const ids = {
    org: owner.organization.id,
    slug: owner.organization.slug,
    tokenId: test.id,
    planId: plan.id,
    planCode,
    checkoutId: checkout.id,
    subscriptionId: subscription.id,
    eventId: event!.id,
    archivedEventId: archived!.id,
    archivedProviderEventId: archived!.providerEventId,
    connectionId: stripe.id,
    conektaConnectionId: conekta.id,
    liveConnectionId: liveConnection!.id,
    endpointId: conektaEndpoint!.id,
    forwardingEndpointId: forwarding.id,
    invitationId: invitation!.id,
    invitationToken: tokenOf(invited.url),
    memberUserId: viewer.principal.type === "user" ? viewer.principal.id : "",
    replayId: replay.replayId,
    alertDestinationId: alertDestination.id,
  };
  const principalEmail = (ctx: OrgContext) => (ctx.principal.type === "user" ? [ctx.principal.email, ctx.principal.id] : []);
  const testModeOnly = [
    checkout.id,
    checkoutRow.providerCheckoutId ?? "",
    subscription.id,
    subscription.providerSubscriptionId ?? "",
    event!.id,
    providerEventId,
    archived!.id,
    archived!.providerEventId,
    stripe.id,
    stripe.accountId!,
    conekta.id,
    conekta.accountId!,
    conekta.privateKey,
    `buyer-${tag}@example.test`,
  ].filter(Boolean);
  const secrets = [
    ...Object.values(ids).filter((v) => v.length >= 8),
    ...principalEmail(owner),
    ...principalEmail(admin),
    ...principalEmail(viewer),
    invitedEmail,
    forwardingSecret,
    alertDestination.secret!,
    alertDestination.target,
    test.token,
    live.token,
    read.token,
    test.prefix,
    live.prefix,
    `acct_live${tag}`,
    conektaEndpoint!.providerEndpointId ?? "",
    ...testModeOnly,
  ].filter((s) => s.length >= 8);
  return { label, owner, admin, viewer, tokens: { test: test.token, live: live.token, read: read.token }, ids, secrets: [...new Set(secrets)], testModeOnly };
}
