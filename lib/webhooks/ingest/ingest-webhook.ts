import "server-only";
import { db } from "@/db";
import { createIngestor, type IngestRequest, type IngestResponse } from "./ingest-delivery";
import { MAX_BODY_BYTES } from "./read-body";

// One ingestor (and so one inbox group-commit queue) per process.
const g = globalThis as { __beaconIngestor?: ReturnType<typeof createIngestor> };

function ingestWebhook(req: IngestRequest): Promise<IngestResponse> {
  g.__beaconIngestor ??= createIngestor(db);
  return g.__beaconIngestor.ingest(req);
}

/** Adapts a web Request (Next route handlers) to the framework-free core. */
export async function ingestRequest(req: Request, provider: IngestRequest["provider"], connectionId: string | null, path: string): Promise<Response> {
  const declared = req.headers.get("content-length");
  const contentLength = declared ? Number(declared) : null;
  // A declared size within the limit is read in one piece (the fast path); anything else is
  // streamed and cut off at the limit. Node's web streams are async iterables of bytes, which
  // the DOM typings do not say.
  const body =
    contentLength !== null && contentLength <= MAX_BODY_BYTES
      ? Buffer.from(await req.arrayBuffer())
      : ((req.body as unknown as AsyncIterable<Uint8Array> | null) ?? "");
  const result = await ingestWebhook({ provider, connectionId, body, contentLength, header: (name) => req.headers.get(name), path });
  return new Response(result.body || null, { status: result.status, headers: { ...result.headers, "cache-control": "no-store" } });
}
