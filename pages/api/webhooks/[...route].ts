// POST /api/webhooks/stripe, /api/webhooks/stripe/forward/{endpointId} and /api/webhooks/conekta/{connectionId} — verify, store, 200
import type { NextApiRequest, NextApiResponse } from "next";
import { answerDelivery } from "@/lib/webhooks/ingest/answer-delivery";
import { processIngestor } from "@/lib/webhooks/ingest/process-ingestor";

// The one Pages Router route in an App Router app, on purpose: Next hands a Pages API route
// node's own request and response, where an App Router handler gets web Request and Response
// objects built around them. For the same empty handler under `next start` that halves Next's
// own cost per request; on the webhook hot path, whose volume the merchant does not choose, it
// is the difference `npm run bench -- ingest` measures as (a). The answers are the lean server's,
// from the same code. Next must not parse the body: the core verifies the raw bytes.
export const config = { api: { bodyParser: false } };

export default function webhooks(req: NextApiRequest, res: NextApiResponse) {
  return answerDelivery(processIngestor().ingest, req, res);
}
