import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { withProviderBudget } from "@/lib/providers/call-bounds";
import { logger, withLogContext } from "@/lib/utils/logger";
import { isExpectedError, problemResponse } from "./errors";

/**
 * Runs a handler and maps whatever it throws to problem+json; unexpected errors are logged, never
 * leaked. Every log line written while handling carries the request id, and all its provider
 * calls share one budget (BEACON_REQUEST_BUDGET_MS), so a hung provider is answered within 30 s.
 */
export async function respond(req: Request, run: (requestId: string) => Promise<Response>): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  return withLogContext({ requestId }, () => withProviderBudget(env.BEACON_REQUEST_BUDGET_MS, () => handle(req, requestId, run)));
}

async function handle(req: Request, requestId: string, run: (requestId: string) => Promise<Response>): Promise<Response> {
  const instance = new URL(req.url).pathname;
  let response: Response;
  try {
    response = await run(requestId);
  } catch (error) {
    if (!isExpectedError(error)) {
      logger.error({ err: error, requestId, method: req.method, path: instance }, "unhandled error");
    }
    response = problemResponse(error, instance);
  }
  response.headers.set("x-request-id", requestId);
  return response;
}

export function json(body: unknown, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** A streamed file download: the body is read as the client reads, never buffered here. */
export function download(body: ReadableStream<Uint8Array>, { filename, contentType }: { filename: string; contentType: string }) {
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
