// GET /v1/openapi.json — the OpenAPI 3.1 description of /v1 (public: it holds no data)
import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/api/respond";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";

export function GET() {
  return json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
