// GET /v1/openapi.json — the OpenAPI 3.1 description of /v1 (public: it holds no data)
import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/api/respond";

export function GET() {
  return json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}
