import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  Configuration,
  CustomersApi,
  EventsApi,
  OrdersApi,
  PaymentMethodsApi,
  PlansApi,
  SubscriptionsApi,
  WebhookKeysApi,
  WebhooksApi,
} from "conekta";
import Stripe from "stripe";
import { createSandboxServer, type SandboxServer, type SandboxServerOptions } from "./server";

// Shared by the sandbox's own tests: a sandbox on port 0 with its own data dir,
// SDK clients pointed at it, and a local webhook receiver.

export const TEST_KEY = "sk_test_sandbox_123";

export interface TestSandbox {
  sandbox: SandboxServer;
  stripe: Stripe;
  /** A Conekta SDK client for a fresh sandbox account, and that account. */
  conekta: ConektaClient;
  conektaAccount: { id: string; private_key: string; public_key: string };
  dataDir: string;
  stop(): Promise<void>;
}

export function stripeFor(sandbox: SandboxServer, key = TEST_KEY): Stripe {
  return new Stripe(key, { host: sandbox.host, port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
}

/** The official Conekta SDK's APIs for one private key, pointed at the sandbox. */
export function conektaFor(sandbox: SandboxServer, key: string) {
  const config = new Configuration({ accessToken: key, basePath: `${sandbox.url}/conekta` });
  return {
    customers: new CustomersApi(config),
    paymentMethods: new PaymentMethodsApi(config),
    plans: new PlansApi(config),
    subscriptions: new SubscriptionsApi(config),
    orders: new OrdersApi(config),
    webhooks: new WebhooksApi(config),
    webhookKeys: new WebhookKeysApi(config),
    events: new EventsApi(config),
  };
}
export type ConektaClient = ReturnType<typeof conektaFor>;

/** The status and Conekta error body of a rejected SDK call (axios errors carry the response). */
export async function conektaError(call: Promise<unknown>): Promise<{ status: number; body: ConektaErrorBody }> {
  const err = await call.then(
    () => {
      throw new Error("Expected the Conekta call to fail");
    },
    (e: unknown) => e as { response?: { status: number; data: ConektaErrorBody } },
  );
  if (!err.response) throw new Error(`Not an HTTP error: ${String(err)}`);
  return { status: err.response.status, body: err.response.data };
}

export interface ConektaErrorBody {
  object: string;
  type: string;
  log_id: string;
  details: { code: string; message: string; param: string | null; debug_message: string }[];
}

export async function startTestSandbox(options: Partial<SandboxServerOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "beacon-sandbox-"));
  const sandbox = await createSandboxServer({
    port: 0,
    tickIntervalMs: 0,
    // Sandbox time stands still unless a test advances it, so timestamps can be compared exactly.
    frozenAt: Math.floor(Date.now() / 1000),
    ...options,
    dataDir,
    delivery: { retryBaseMs: 20, timeoutMs: 5_000, ...options.delivery },
  });
  const conektaAccount = sandbox.createConektaAccount();
  return {
    sandbox,
    stripe: stripeFor(sandbox),
    conekta: conektaFor(sandbox, conektaAccount.private_key),
    conektaAccount,
    dataDir,
    async stop() {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  // Stripe and Conekta events share these fields (Conekta's webhook_ping has no data.object).
  event: { id: string; type: string; account?: string; data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> } };
}

/**
 * A webhook endpoint on loopback; `statuses` lists the responses to give, then 200s. The first
 * `hold` requests get no answer at all (to catch a sandbox shutting down mid-delivery).
 */
export async function startReceiver(statuses: number[] = [], options: { hold?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  const queue = [...statuses];
  let hold = options.hold ?? 0;
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, event: JSON.parse(body) as ReceivedWebhook["event"] });
      if (hold > 0) hold -= 1;
      else res.writeHead(queue.shift() ?? 200).end();
      for (const listener of listeners) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    /** Resolves when `predicate` holds; rejects after `timeoutMs` (bounded, no sleeps). */
    waitFor(predicate: (all: ReceivedWebhook[]) => boolean, timeoutMs = 10_000): Promise<void> {
      if (predicate(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Timed out waiting for webhooks; got ${received.map((r) => r.event.type).join(", ")}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Bounds a promise in tests so a hang fails fast with a message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Timed out: ${what}`)), ms)),
  ]);
}

/** Runs `fn`, then returns the types of the events it emitted in `t`'s sandbox, oldest first. */
export async function eventsOf(t: TestSandbox, fn: () => Promise<unknown>): Promise<string[]> {
  const before = t.sandbox.engine.store.all("event").length;
  await fn();
  return t.sandbox.engine.store.all("event").slice(before).map(({ model }) => model.type);
}
