// GET /api/metrics — Prometheus text exposition (Bearer BEACON_METRICS_TOKEN when set)
import { Registry } from "prom-client";
import { respond } from "@/lib/api/respond";
import { authorizeMetrics } from "@/lib/api/authorize-metrics";
import { collectMetrics } from "@/lib/observability/metrics/collect-metrics";

export const dynamic = "force-dynamic";

export const GET = (req: Request) =>
  respond(req, async () => {
    authorizeMetrics(req);
    return new Response(await collectMetrics(), { headers: { "content-type": Registry.PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" } });
  });
