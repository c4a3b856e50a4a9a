import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SandboxClock } from "./clock";
import { CONEKTA_PREFIX, handleConektaApi } from "./conekta/api";
import { conektaCheckoutPage } from "./conekta/checkout-page";
import { conektaTokenizerPage } from "./conekta/tokenizer-page";
import { createConektaRouter } from "./conekta/routes";
import { createControl, handleControl, type SandboxControl } from "./control";
import { WebhookDelivery, type DeliveryOptions } from "./delivery";
import { SandboxEngine, type BillingSettings } from "./engine";
import { handleApi, type HttpResult } from "./http/api";
import { parseForm } from "./http/form";
import { ensurePlatformAccount } from "./stripe/accounts";
import { onboardingPage } from "./stripe/account-links";
import { checkoutPage } from "./stripe/checkout-page";
import { createStripeRouter } from "./stripe/routes";
import { ConektaStore } from "./conekta/store";
import { conektaChannel } from "./conekta/webhook-channel";
import { runDue } from "./scheduler";
import { SandboxStore } from "./store";
import { stripeChannel } from "./stripe/webhook-channel";

export interface SandboxServerOptions {
  /** State goes to `<dataDir>/sandbox/{stripe,conekta}.jsonl`; null keeps it in memory only. */
  dataDir: string | null;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Pins the clock's base (unix seconds) instead of following real time. */
  frozenAt?: number;
  delivery?: Partial<DeliveryOptions>;
  billing?: Partial<BillingSettings>;
  /** How often due billing work runs as real time passes; 0 disables (tests use advance()). */
  tickIntervalMs?: number;
}

export interface SandboxServer {
  /** Origin to give the SDK: `new Stripe(key, { host, port, protocol: "http" })`. */
  url: string;
  /** Conekta's base path: `new Configuration({ accessToken, basePath: sandbox.conektaUrl })`. */
  conektaUrl: string;
  host: string;
  port: number;
  clock: { now(): number; advance(seconds: number): { now: number; steps: number } };
  delivery: Pick<WebhookDelivery, "configure" | "idle" | "attempts" | "settings">;
  control: SandboxControl;
  engine: SandboxEngine;
  /** A new Conekta sandbox account and its keys (same as `POST /_sandbox/conekta/accounts`). */
  createConektaAccount: SandboxControl["createConektaAccount"];
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("Request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, result: HttpResult): void {
  res.writeHead(result.status, { ...result.headers, "content-length": Buffer.byteLength(result.body) });
  res.end(result.body);
}

/** Starts the offline Stripe and Conekta emulation that the official SDKs talk to over HTTP. */
export async function createSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const store = new SandboxStore(options.dataDir);
  const clock = new SandboxClock(store, { frozenAt: options.frozenAt });
  const engine = new SandboxEngine(store, new ConektaStore(options.dataDir), clock);
  engine.billing = { ...engine.billing, ...options.billing };
  ensurePlatformAccount(engine);
  const delivery = new WebhookDelivery({ stripe: stripeChannel(engine), conekta: conektaChannel(engine) }, options.delivery);
  engine.onEvents((batch) => delivery.enqueue(batch));
  const control = createControl(engine);
  const router = createStripeRouter();
  const conektaRouter = createConektaRouter();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const request = { method, url, headers: req.headers, body };
    if (url.pathname.startsWith("/v1/")) return send(res, handleApi(engine, router, request));
    if (url.pathname.startsWith("/_sandbox/")) return send(res, handleControl(engine, control, delivery, request));
    const hosted = /^\/(checkout|onboarding|conekta\/checkout|conekta\/tokenizer)\/([^/]+)$/.exec(url.pathname);
    if (hosted && (method === "GET" || method === "POST")) {
      const form = method === "POST" ? parseForm(body) : {};
      const id = decodeURIComponent(hosted[2] ?? "");
      const pages = { checkout: checkoutPage, onboarding: onboardingPage, "conekta/checkout": conektaCheckoutPage, "conekta/tokenizer": conektaTokenizerPage };
      try {
        return send(res, pages[hosted[1] as keyof typeof pages](engine, method, id, form));
      } finally {
        engine.commit();
      }
    }
    if (url.pathname.startsWith(`${CONEKTA_PREFIX}/`)) return send(res, handleConektaApi(engine, conektaRouter, request));
    send(res, { status: 404, headers: { "content-type": "text/plain" }, body: "Not found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, headers: { "content-type": "text/plain" }, body: String(err) });
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  engine.baseUrl = `http://${host}:${port}`;

  // Real time also moves sandbox time, so renewals happen on their own when left running.
  const tickMs = options.tickIntervalMs ?? 30_000;
  const tick = () => {
    try {
      runDue(engine, engine.now());
    } catch (err) {
      console.error("[sandbox] scheduler tick failed", err);
    }
  };
  const ticker = tickMs > 0 ? setInterval(tick, tickMs) : null;
  ticker?.unref();
  delivery.resume();

  return {
    url: engine.baseUrl,
    conektaUrl: `${engine.baseUrl}${CONEKTA_PREFIX}`,
    host,
    port,
    clock: { now: () => engine.now(), advance: (seconds) => control.advance(seconds) },
    delivery,
    control,
    engine,
    createConektaAccount: () => control.createConektaAccount(),
    async close() {
      if (ticker) clearInterval(ticker);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await delivery.close();
      engine.commit();
      engine.store.close();
      engine.conekta.close();
    },
  };
}
