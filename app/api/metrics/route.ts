// GET /api/metrics — Prometheus text exposition (Bearer BEACON_METRICS_TOKEN when set)
import { respond } from "@/lib/api/respond";
import { authorizeMetrics } from "@/lib/api/authorize-metrics";
import { collectMetrics } from "@/lib/observability/metrics/collect-metrics";
import { contentType } from "@/lib/observability/metrics/exposition";

export const dynamic = "force-dynamic";

export const GET = (req: Request) =>
  respond(req, async () => {
    authorizeMetrics(req);
    return new Response(await collectMetrics(), { headers: { "content-type": contentType, "cache-control": "no-store" } });
  });
