// /v1/* — anything no other route matched: a problem+json 404, never an HTML page
import { DomainError } from "@/lib/errors";
import { respond } from "@/lib/api/respond";

function notFound(req: Request) {
  return respond(req, async () => {
    throw new DomainError("not_found", `No API route ${req.method} ${new URL(req.url).pathname}.`);
  });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
