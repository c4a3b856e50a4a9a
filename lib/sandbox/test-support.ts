import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { createSandboxServer, type SandboxServer, type SandboxServerOptions } from "./server";

// Shared by the sandbox's own tests: a sandbox on port 0 with its own data dir,
// an SDK client pointed at it, and a local webhook receiver.

export const TEST_KEY = "sk_test_sandbox_123";

export interface TestSandbox {
  sandbox: SandboxServer;
  stripe: Stripe;
  dataDir: string;
  stop(): Promise<void>;
}

export function stripeFor(sandbox: SandboxServer, key = TEST_KEY): Stripe {
  return new Stripe(key, { host: sandbox.host, port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
}

export async function startTestSandbox(options: Partial<SandboxServerOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "beacon-sandbox-"));
  const sandbox = await createSandboxServer({
    port: 0,
    tickIntervalMs: 0,
    ...options,
    dataDir,
    delivery: { retryBaseMs: 20, timeoutMs: 5_000, ...options.delivery },
  });
  return {
    sandbox,
    stripe: stripeFor(sandbox),
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
  event: { id: string; type: string; account?: string; data: { object: Record<string, unknown> } };
}

/** A webhook endpoint on loopback; `statuses` lists the responses to give, then 200s. */
export async function startReceiver(statuses: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const queue = [...statuses];
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, event: JSON.parse(body) as ReceivedWebhook["event"] });
      res.writeHead(queue.shift() ?? 200).end();
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Bounds a promise in tests so a hang fails fast with a message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Timed out: ${what}`)), ms)),
  ]);
}
