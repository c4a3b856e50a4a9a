import "server-only";
import type { Db } from "@/db";
import type { Provider } from "@/db/schema";
import { httpProblemAnswer, problemAnswer } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors";
import { getAdapter } from "@/lib/providers";
import { bodyText } from "@/lib/providers/body-text";
import { traitsOf } from "@/lib/providers/traits";
import type { VerifyResult } from "@/lib/providers/types";
import { logger } from "@/lib/utils/logger";
import { routeStripeAccount } from "./account-routing";
import { noteDelivery } from "./delivery-stats";
import { InboxWriter, type InboxRow } from "./inbox-writer";
import { readBody, MAX_BODY_BYTES } from "./read-body";
import { recordRejection, type RejectionReason } from "./record-rejection";
import { forwardingScope, loadCandidates, shouldRefresh, type CandidateSecret } from "./verification-cache";

export interface IngestRequest {
  provider: Provider;
  /** Conekta: the connection id from the URL path; null for Stripe's single route. */
  connectionId: string | null;
  /** Stripe's forwarding route (`/api/webhooks/stripe/forward/{id}`): the endpoint id from the path. */
  forwardingEndpointId?: string | null;
  /** The raw body as it arrives: node's request, read here up to the size limit. */
  body: AsyncIterable<Uint8Array>;
  contentLength: number | null;
  header(name: string): string | null;
  /** Where the answer is reported as coming from (problem `instance`). */
  path: string;
}

export interface IngestResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON for 200 (`{received, eventId, duplicate}`); problem+json otherwise. */
  body: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The webhook hot path, free of any HTTP framework: Next's webhook route and the lean
 * `beacon ingest` server both call it (through answerDelivery) and send back what it returns.
 * Verify on the raw body, store in the inbox, then answer 200 (duplicates too, told apart by
 * `duplicate` in the body); 400 with a recorded rejection for a bad signature or body; 413 over
 * 1 MiB; 503 when the event could not be stored, so the provider retries.
 */
export function createIngestor(db: Db) {
  const inbox = new InboxWriter(db);

  async function reject(req: IngestRequest, body: Buffer, reason: RejectionReason, detail: string, skew: number | null, endpoint: CandidateSecret["endpoint"] | null) {
    // A delivery that did not verify belongs to no organization: whatever its body names is the
    // sender's claim, and anyone can send one. Only an endpoint Beacon gave to one organization
    // (Conekta's per-connection URL) ties it to that organization; the rest is the operators'
    // (`beacon webhooks rejections`, beacon_webhook_deliveries_rejected_total{attributed="false"}).
    const organizationId = endpoint?.organizationId ?? null;
    await recordRejection(db, { provider: req.provider, reason, detail, skewSeconds: skew, endpointId: endpoint?.id ?? null, organizationId, body });
    if (endpoint) noteDelivery(db, endpoint.id, reason, null, new Date());
    const status = reason === "payload_too_large" ? "payload_too_large" : reason === "unknown_endpoint" ? "not_found" : "bad_request";
    return httpProblemAnswer(status, detail, req.path, { extra: { reason, skewSeconds: skew } });
  }

  async function verify(req: IngestRequest, rawBody: Buffer, receivedAt: Date) {
    const adapter = getAdapter(req.provider);
    const delivery = { rawBody, header: req.header, receivedAt };
    const scope = req.forwardingEndpointId ? forwardingScope(req.forwardingEndpointId) : req.connectionId;
    let entry = loadCandidates(db, req.provider, scope);
    let candidates = await entry.candidates;
    let result: VerifyResult = adapter.verifyDelivery(delivery, candidates.map((c) => c.value));
    if (!result.ok && result.reason === "bad_signature" && shouldRefresh(entry)) {
      entry = loadCandidates(db, req.provider, scope, { refresh: true });
      candidates = await entry.candidates;
      result = adapter.verifyDelivery(delivery, candidates.map((c) => c.value));
    }
    return { result, candidates };
  }

  /**
   * Where a `stripe listen` delivery lands: always in the endpoint's organization. A Connect event
   * (`--forward-connect-to`) must name an account of one of that organization's Stripe
   * connections; a platform event (no `account`, the developer's own test account) is attributed
   * to the organization's test Stripe connection, the one the endpoint was registered for.
   */
  async function forwardedRoute(
    endpoint: CandidateSecret["endpoint"],
    event: { account: string; livemode: boolean },
  ): Promise<{ refusal: string } | { connectionId: string; organizationId: string }> {
    if (event.livemode) return { refusal: "A live-mode event: forwarding endpoints accept test-mode events only" };
    if (!event.account) return { connectionId: endpoint.connectionId!, organizationId: endpoint.organizationId! };
    const route = await routeStripeAccount(db, endpoint.mode, event.account);
    if (!route || route.organizationId !== endpoint.organizationId) {
      return { refusal: `Account ${event.account} is not a Stripe connection of this forwarding endpoint's organization` };
    }
    return route;
  }

  async function ingest(req: IngestRequest): Promise<IngestResponse> {
    try {
      return await handle(req);
    } catch (error) {
      // Secrets or routes could not be loaded: the provider must retry, so never a 4xx.
      logger.error({ err: error, provider: req.provider }, "webhook ingestion failed");
      return problemAnswer(new DomainError("unavailable", "The event could not be processed for storage; retry later."), req.path);
    }
  }

  async function handle(req: IngestRequest): Promise<IngestResponse> {
    const receivedAt = new Date();
    const read = await readBody(req.body, req.contentLength);
    if (!read.ok) {
      const size = read.declared ?? `more than ${MAX_BODY_BYTES}`;
      return reject(req, read.prefix, "payload_too_large", `The body (${size} bytes) exceeds ${MAX_BODY_BYTES} bytes`, null, null);
    }
    // A per-connection endpoint's URL names its connection, a forwarding URL its endpoint; a
    // malformed one names none.
    const forwarding = req.forwardingEndpointId != null;
    const perConnection = traitsOf(req.provider).webhooks === "connection";
    const namesOne = perConnection || forwarding;
    const label = traitsOf(req.provider).label;
    if (namesOne && !uuidPattern.test((forwarding ? req.forwardingEndpointId : req.connectionId) ?? "")) {
      return reject(req, read.bytes, "unknown_endpoint", `No ${label} ${forwarding ? "forwarding endpoint" : "connection"} has this webhook URL`, null, null);
    }
    const { result, candidates } = await verify(req, read.bytes, receivedAt);
    if (namesOne && candidates.length === 0) {
      return reject(req, read.bytes, "unknown_endpoint", `No enabled ${label} webhook endpoint ${forwarding ? "at this forwarding URL" : "for this connection"}`, null, null);
    }
    if (!result.ok) {
      // A per-connection or forwarding route names one endpoint, so it is known even when nothing verified.
      const endpoint = namesOne ? candidates[0]!.endpoint : null;
      return reject(req, read.bytes, result.reason, result.detail, result.skewSeconds, endpoint);
    }
    const matched = candidates[result.secretIndex]!;
    const { endpoint } = matched;
    const event = result.event;
    let route;
    if (forwarding) {
      const refused = await forwardedRoute(endpoint, event);
      if ("refusal" in refused) return reject(req, read.bytes, "foreign_account", refused.refusal, null, endpoint);
      route = refused;
    } else {
      route = perConnection
        ? { connectionId: endpoint.connectionId!, organizationId: endpoint.organizationId! }
        : await routeStripeAccount(db, endpoint.mode, event.account);
    }
    const row: InboxRow = {
      provider: req.provider,
      mode: endpoint.mode,
      account: perConnection ? endpoint.connectionId! : event.account,
      providerEventId: event.providerEventId,
      type: event.type,
      apiVersion: event.apiVersion,
      endpointId: endpoint.id,
      organizationId: route?.organizationId ?? null,
      connectionId: route?.connectionId ?? null,
      providerCreatedAt: event.providerCreatedAt,
      // Verified on the bytes as received; kept as the text every later reader parses (no BOM).
      rawBody: bodyText(read.bytes),
      objectRefs: event.objectRefs,
      ...(route ? {} : unclaimed(event.account)),
    };
    try {
      const stored = await inbox.write(row);
      noteDelivery(db, endpoint.id, "verified", matched.secretId, receivedAt);
      // Providers act on the status alone, but show the body beside each delivery attempt (Stripe's
      // dashboard does): an on-call engineer reads there which Beacon event it became.
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ received: true, eventId: stored.eventId, duplicate: !stored.inserted }) };
    } catch (error) {
      logger.error({ err: error, provider: req.provider, providerEventId: event.providerEventId }, "could not store a webhook event");
      return problemAnswer(new DomainError("unavailable", "The event could not be stored; retry later."), req.path);
    }
  }

  return { ingest };
}

function unclaimed(account: string) {
  const note = account ? `No Beacon connection claims account ${account}` : "An event of Beacon's own platform account, not of a connected account";
  return { status: "ignored" as const, decision: "ignored", decisionNote: note, processedAt: new Date() };
}
