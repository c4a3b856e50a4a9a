import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";
import { BENCH_SECRET } from "./payloads";

/** What the baseline answers a stored delivery with; the floor app's routes answer the same. */
export const RECEIVED_BODY = '{"received":true}';

/** The baseline's connection: the bench's database, whichever kind it is. */
export function baselineSql() {
  return process.env.DATABASE_URL
    ? postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} })
    : postgres({ path: `${process.env.BEACON_DATA_DIR}/pglite.sock`, database: "postgres", username: "postgres", max: 10, onnotice: () => {} });
}

/**
 * The least a webhook receiver can do with one delivery: check the HMAC, then one
 * INSERT … ON CONFLICT DO NOTHING with postgres.js. Returns the HTTP status to answer. The bare
 * baseline server runs it, and so does a route of the floor app, to show what `next start` leaves
 * of the baseline's speed when it hosts the baseline's own code.
 */
export function receiveBaseline(sql: postgres.Sql, body: string, header: string): Promise<number> {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
  const expected = createHmac("sha256", BENCH_SECRET).update(`${t}.${body}`).digest();
  if (!t || !v1 || v1.length !== 64 || !timingSafeEqual(expected, Buffer.from(v1, "hex"))) return Promise.resolve(400);
  const id = (JSON.parse(body) as { id: string }).id;
  return sql`insert into bench_baseline (event_id, body) values (${id}, ${body}) on conflict do nothing`.then(
    () => 200,
    () => 503,
  );
}

/** The baseline (c): a bare node:http server around receiveBaseline, measured in the same run as Beacon. */
export async function serveBaseline(port: number) {
  const sql = baselineSql();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void receiveBaseline(sql, Buffer.concat(chunks).toString("utf8"), String(req.headers["stripe-signature"] ?? "")).then((status) =>
        status === 200 ? res.writeHead(200, { "content-type": "application/json" }).end(RECEIVED_BODY) : res.writeHead(status).end(),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  console.log(`baseline listening on ${port}`);
}
