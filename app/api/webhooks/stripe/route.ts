// POST /api/webhooks/stripe — Stripe's platform and Connect deliveries: verify, store, 200
import { ingestRequest } from "@/lib/webhooks/ingest/ingest-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return ingestRequest(req, "stripe", null, "/api/webhooks/stripe");
}
