import "server-only";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db";
import { createIngestor } from "./ingest-delivery";
import { flushDeliveryStats } from "./delivery-stats";

const conektaPath = /^\/api\/webhooks\/conekta\/([^/]+)\/?$/;

/**
 * The lean ingestion server (`beacon ingest`): the same core and paths as the Next routes,
 * without the framework, for deployments that put it behind their load balancer. `/healthz`
 * answers 200 for the balancer's checks.
 */
export async function serveIngest(db: Db, { port, host = "0.0.0.0" }: { port: number; host?: string }) {
  const { ingest } = createIngestor(db);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    const conekta = conektaPath.exec(path);
    const provider = path === "/api/webhooks/stripe" ? "stripe" : conekta ? "conekta" : null;
    if (!provider) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    const length = req.headers["content-length"];
    ingest({
      provider,
      connectionId: conekta ? decodeURIComponent(conekta[1]!) : null,
      body: req,
      contentLength: length ? Number(length) : null,
      header: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      path,
    }).then(
      (result) => res.writeHead(result.status, result.headers).end(result.body),
      () => res.writeHead(503).end(),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await flushDeliveryStats();
    },
  };
}
