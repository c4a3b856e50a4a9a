// GET /api/health — app and database status: 200 when serving, 503 when the database is down
import { json } from "@/lib/api/respond";
import { checkHealth } from "@/lib/observability/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503 });
}
