import "server-only";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db";
import { answerDelivery } from "./answer-delivery";
import { flushDeliveryStats } from "./delivery-stats";
import { createIngestor } from "./ingest-delivery";

/**
 * The lean ingestion server (`beacon ingest`): the same core, paths and answers as Next's
 * webhook route, without the framework, for deployments that put it behind their load balancer.
 * `/healthz` answers 200 for the balancer's checks.
 */
export async function serveIngest(db: Db, { port, host = "0.0.0.0" }: { port: number; host?: string }) {
  const { ingest } = createIngestor(db);
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    answerDelivery(ingest, req, res).catch(() => res.writeHead(503).end());
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
