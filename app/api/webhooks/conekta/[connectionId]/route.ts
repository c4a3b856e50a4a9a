// POST /api/webhooks/conekta/{connectionId} — one Conekta connection's deliveries: verify, store, 200
import { ingestRequest } from "@/lib/webhooks/ingest/ingest-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request, segment: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await segment.params;
  return ingestRequest(req, "conekta", connectionId, `/api/webhooks/conekta/${connectionId}`);
}
