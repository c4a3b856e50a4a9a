import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ConektaStore } from "./conekta/store";
import { createSandboxServer, type SandboxServer } from "./server";
import { SandboxStore } from "./store";
import { startReceiver, stripeFor, within, type Receiver } from "./test-support";

let dataDir = "";
let running: SandboxServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await running?.close();
  await receiver?.close();
  running = undefined;
  receiver = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const fresh = () => (dataDir = mkdtempSync(path.join(tmpdir(), "beacon-store-")));
const logFile = (name: string) => path.join(dataDir, "sandbox", `${name}.jsonl`);
const start = () => createSandboxServer({ dataDir, port: 0, tickIntervalMs: 0, delivery: { retryBaseMs: 60_000 } });

// Everything a store holds, as plain data, to compare two stores.
function contents(store: SandboxStore) {
  const kinds = ["account", "customer", "product", "price", "subscription", "invoice", "event", "webhook_endpoint"] as const;
  return {
    platform: store.platformAccountId,
    clock: store.clockOffsetSeconds,
    records: Object.fromEntries(kinds.map((kind) => [kind, JSON.parse(JSON.stringify(store.all(kind)))])),
    queue: [...store.deliveryQueue.values()],
    attempts: store.deliveryAttempts,
    idempotency: store.idempotency("acct:key-1"),
  };
}

function seed(store: SandboxStore, customers: number): void {
  for (let i = 0; i < customers; i += 1) {
    store.insert("customer", store.platformAccountId, { id: `cus_${i}`, email: `c${i}@example.test` } as never);
    store.flush();
    // Rewritten many times, each in an operation of its own: the log grows, the state does not.
    for (let n = 0; n < 5; n += 1) {
      (store.get("customer", `cus_${i}`) as unknown as { email: string }).email = `c${i}-${n}@example.test`;
      store.flush();
    }
  }
}

describe("the sandbox store (append-only log with compaction)", () => {
  test("a restart with the same data dir sees the same objects, clock and queued deliveries", async () => {
    fresh();
    running = await start();
    const stripe = stripeFor(running);
    // The receiver answers 500 once: the retry waits a minute, so it is still queued at shutdown.
    receiver = await startReceiver([500]);
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
    const customer = await stripe.customers.create({ email: "restart@example.test" });
    await receiver.waitFor((all) => all.length === 1);
    running.clock.advance(86_400);
    const now = running.clock.now();
    const sandbox = running;
    await within(
      (async () => {
        while (sandbox.delivery.attempts().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      5_000,
      "first attempt recorded",
    );
    await running.close();

    running = await start();
    const again = stripeFor(running);
    expect((await again.customers.retrieve(customer.id)) as { email: string }).toMatchObject({ email: "restart@example.test" });
    expect(running.clock.now()).toBeGreaterThanOrEqual(now);
    const queue = [...running.engine.store.deliveryQueue.values()];
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ attempt: 2 });
    expect(running.delivery.attempts().map((a) => [a.attempt, a.status])).toEqual([[1, 500]]);
  });

  test("a torn last line (a kill mid-write) is dropped, and the log goes on from the last whole line", () => {
    fresh();
    const store = new SandboxStore(dataDir);
    seed(store, 3);
    store.close();
    const whole = readFileSync(logFile("stripe"), "utf8");
    appendFileSync(logFile("stripe"), '[{"t":"put","r":{"kind":"customer","scope":"x","seq":99,"model":{"id":"cus_torn"');

    const reopened = new SandboxStore(dataDir);
    expect(reopened.get("customer", "cus_torn")).toBeUndefined();
    expect(reopened.list("customer").map((c) => c.id)).toEqual(["cus_2", "cus_1", "cus_0"]);
    expect(readFileSync(logFile("stripe"), "utf8")).toBe(whole);
    reopened.insert("customer", reopened.platformAccountId, { id: "cus_after" } as never);
    reopened.flush();
    reopened.close();
    expect(new SandboxStore(dataDir).list("customer").map((c) => c.id)).toEqual(["cus_after", "cus_2", "cus_1", "cus_0"]);
  });

  test("a damaged line that is not the last one is refused rather than silently skipped", () => {
    fresh();
    const store = new SandboxStore(dataDir);
    seed(store, 2);
    store.close();
    const lines = readFileSync(logFile("stripe"), "utf8").split("\n");
    lines[1] = lines[1]!.slice(0, 10);
    writeFileSync(logFile("stripe"), lines.join("\n"));
    expect(() => new SandboxStore(dataDir)).toThrow(/Corrupt sandbox log/);
  });

  test("compaction keeps the state identical and the file small", () => {
    fresh();
    const store = new SandboxStore(dataDir);
    seed(store, 20);
    store.remove("cus_3");
    store.clockOffsetSeconds = 3_600;
    store.saveIdempotency("acct:key-1", { method: "POST", path: "/v1/customers", params: "", status: 200, body: "{}", createdAt: 1 });
    store.saveDelivery({ id: "whq_1", eventId: "evt_1", scope: "acct", endpointId: "we_1", attempt: 2, notBefore: 5 });
    store.recordAttempt({ id: "wha_1", provider: "stripe", eventId: "evt_1", endpointId: "we_1", attempt: 1, at: 4, status: 500, error: null, ok: false });
    store.flush();
    const before = contents(store);
    const grown = statSync(logFile("stripe")).size;

    store.compact();
    store.close();
    expect(statSync(logFile("stripe")).size).toBeLessThan(grown / 3);
    const reopened = new SandboxStore(dataDir);
    expect(contents(reopened)).toEqual(before);
    expect(reopened.list("customer")).toHaveLength(19);
    expect(reopened.get("customer", "cus_7")).toMatchObject({ email: "c7-4@example.test" });
  });

  test("an operation writes only what it changed, not the whole state", () => {
    fresh();
    const store = new SandboxStore(dataDir);
    seed(store, 200);
    const size = statSync(logFile("stripe")).size;
    const customer = store.get("customer", "cus_100") as unknown as { email: string };
    customer.email = "changed@example.test";
    store.flush();
    const line = readFileSync(logFile("stripe"), "utf8").slice(size);
    expect(line.trim().split("\n")).toHaveLength(1);
    expect(line).toContain("changed@example.test");
    expect(line).not.toContain("cus_99");
  });

  test("a scoped store (Conekta) keeps accounts apart across a restart", () => {
    fresh();
    const store = new ConektaStore(dataDir);
    store.insert("plan", "acc_a", { id: "gold", name: "A" } as never);
    store.insert("plan", "acc_b", { id: "gold", name: "B" } as never);
    store.flush();
    store.close();
    const reopened = new ConektaStore(dataDir);
    expect(reopened.get("plan", "gold", "acc_a")).toMatchObject({ name: "A" });
    expect(reopened.get("plan", "gold", "acc_b")).toMatchObject({ name: "B" });
  });

  test("state written by the previous format (one JSON document) is imported once", () => {
    fresh();
    const legacy = {
      version: 1,
      platformAccountId: "acct_legacy",
      clockOffsetSeconds: 42,
      seq: 1,
      records: { cus_old: { kind: "customer", scope: "acct_legacy", seq: 1, model: { id: "cus_old", email: "old@example.test" } } },
      idempotency: {},
      deliveryQueue: [],
      deliveryAttempts: [],
    };
    mkdirSync(path.join(dataDir, "sandbox"), { recursive: true });
    writeFileSync(path.join(dataDir, "sandbox", "stripe.json"), JSON.stringify(legacy));
    const store = new SandboxStore(dataDir);
    expect(store.platformAccountId).toBe("acct_legacy");
    expect(store.clockOffsetSeconds).toBe(42);
    expect(store.get("customer", "cus_old")).toMatchObject({ email: "old@example.test" });
    store.close();
    expect(existsSync(logFile("stripe"))).toBe(true);
    expect(new SandboxStore(dataDir).get("customer", "cus_old")).toBeDefined();
  });
});
