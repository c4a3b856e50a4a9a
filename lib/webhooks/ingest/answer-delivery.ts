import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { httpProblemAnswer, problemAnswer } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors";
import type { IngestRequest, IngestResponse } from "./ingest-delivery";

const conektaPath = /^\/api\/webhooks\/conekta\/([^/]+)\/?$/;
const forwardingPath = /^\/api\/webhooks\/stripe\/forward\/([^/]+)\/?$/;

/** Which provider (and Conekta connection, or forwarding endpoint) a webhook URL path belongs to; null for any other path. */
function webhookTarget(path: string): Pick<IngestRequest, "provider" | "connectionId" | "forwardingEndpointId"> | null {
  if (path === "/api/webhooks/stripe") return { provider: "stripe", connectionId: null };
  const conekta = conektaPath.exec(path);
  const forward = forwardingPath.exec(path);
  try {
    if (conekta) return { provider: "conekta", connectionId: decodeURIComponent(conekta[1]!) };
    if (forward) return { provider: "stripe", connectionId: null, forwardingEndpointId: decodeURIComponent(forward[1]!) };
  } catch {
    return null; // a malformed escape names no endpoint
  }
  return null;
}

function send(res: ServerResponse, { status, headers, body }: IngestResponse) {
  res.writeHead(status, { ...headers, "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
}

/**
 * Answers one webhook delivery on node's own request and response. Both ways in come through
 * here: the lean `beacon ingest` server and Next's webhook API route (pages/api/webhooks), which
 * Next hands node's request unparsed. The body is never buffered before the core reads it, so
 * its 1 MiB limit holds for both.
 */
export async function answerDelivery(ingest: (req: IngestRequest) => Promise<IngestResponse>, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? "/").split("?")[0]!;
  const target = webhookTarget(path);
  if (!target) return send(res, problemAnswer(new DomainError("not_found", "No webhook endpoint at this path"), path));
  if (req.method !== "POST") return send(res, httpProblemAnswer("method_not_allowed", "Webhook endpoints accept POST only", path, { headers: { allow: "POST" } }));
  const length = req.headers["content-length"];
  const result = await ingest({
    ...target,
    body: req,
    contentLength: length ? Number(length) : null,
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    },
    path,
  });
  send(res, result);
}
