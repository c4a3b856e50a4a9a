import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";
import { BENCH_SECRET } from "./payloads";

/**
 * The baseline: the least a webhook receiver can do — a bare node:http handler, HMAC check,
 * one INSERT … ON CONFLICT DO NOTHING with postgres.js — measured in the same run as Beacon.
 */
export async function serveBaseline(port: number) {
  const sql = process.env.DATABASE_URL
    ? postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} })
    : postgres({ path: `${process.env.BEACON_DATA_DIR}/pglite.sock`, database: "postgres", username: "postgres", max: 10, onnotice: () => {} });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = String(req.headers["stripe-signature"] ?? "");
      const t = /t=(\d+)/.exec(header)?.[1];
      const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
      const expected = createHmac("sha256", BENCH_SECRET).update(`${t}.${body}`).digest();
      if (!t || !v1 || v1.length !== 64 || !timingSafeEqual(expected, Buffer.from(v1, "hex"))) return void res.writeHead(400).end();
      const id = (JSON.parse(body) as { id: string }).id;
      sql`insert into bench_baseline (event_id, body) values (${id}, ${body}) on conflict do nothing`.then(
        () => res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}'),
        () => res.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  console.log(`baseline listening on ${port}`);
}
