import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { db } from "@/db";
import { eventAttempts, invoices, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { deliverStripe, stripeSetup, storedEvent } from "../testing/fixtures";
import { accountEvents, createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { drainEvents } from "./run-worker";

// The real thing, not a simulation: a `beacon worker` process is SIGKILLed while it is inside a
// handler (waiting on the provider), then another worker takes the event over once the lease is
// gone, and the event's effects happen exactly once.

const root = path.resolve(import.meta.dirname, "../../..");
const sockets = new Set<Socket>();
// A provider that accepts connections and never answers: the killed worker's handler is stuck in
// its re-fetch, mid-event, when the kill comes.
const blackHole = createServer((socket) => sockets.add(socket));
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  blackHole.close();
});

test("a `beacon worker` process killed mid-event: the lease expires, another worker finishes the event once", { timeout: 90_000 }, async () => {
  const setup = await stripeSetup("killed-worker");
  const price = await createPrice(setup.account.id);
  const since = Math.floor(Date.now() / 1000) - 5;
  const { subscriptionId } = await subscribeInSandbox(setup.account.id, price.id);
  // The sandbox's own invoice.paid, for a subscription Beacon has not seen: handling it re-fetches
  // the subscription from the provider.
  const paid = (await accountEvents(setup.account.id, since)).find((e) => e.type === "invoice.paid");
  expect(paid).toBeDefined();
  expect((await deliverStripe(JSON.stringify(paid), setup.secret)).status).toBe(200);
  const event = (await storedEvent(paid!.id))!;

  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  const port = (blackHole.address() as { port: number }).port;
  let output = "";
  const child = spawn(
    process.execPath,
    // tsx as a loader, not its CLI: the CLI runs the script in a child, and the kill must hit the worker itself.
    ["--conditions=react-server", "--import", "tsx", "scripts/beacon.ts", "worker", "--org", setup.owner.organization.slug, "--concurrency", "1"],
    { cwd: root, env: { ...process.env, BEACON_SANDBOX_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));

  try {
    // Mid-event: the process holds the lease, its attempt is open, its re-fetch is in flight.
    for (const deadline = Date.now() + 30_000; sockets.size === 0; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() > deadline) throw new Error(`the worker never reached the provider; its output:\n${output}`);
    }
    const held = (await storedEvent(paid!.id))!;
    expect(held).toMatchObject({ status: "processing", attempts: 1 });
    expect(held.leaseOwner).toMatch(new RegExp(`^worker@.+:${child.pid}:`));
  } finally {
    child.kill("SIGKILL");
  }
  expect(await exited).toBe("SIGKILL");

  // Dead, yet its lease still holds: nobody may take the event before it expires.
  const rescue = () => drainEvents({ db, concurrency: 1, name: "rescuer", organizationId: setup.owner.organization.id });
  expect(await rescue()).toEqual([]);
  expect(await storedEvent(paid!.id)).toMatchObject({ status: "processing", attempts: 1 });

  // The lease runs out (two minutes, skipped here), and the next worker takes over.
  await db.update(webhookEvents).set({ leaseExpiresAt: new Date(Date.now() - 1_000) }).where(eq(webhookEvents.id, event.id));
  expect(await rescue()).toEqual(["processed"]);

  expect(await storedEvent(paid!.id)).toMatchObject({ status: "processed", decision: "refetched", attempts: 2, leaseOwner: null });
  const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, event.id)).orderBy(asc(eventAttempts.id));
  expect(attempts.map((a) => [a.worker.includes(`:${child.pid}:`) ? "killed" : a.worker, a.outcome])).toEqual([
    ["killed", "failed"],
    ["rescuer", "processed"],
  ]);
  expect(attempts[0]!.error).toMatch(/^Unfinished: no outcome was recorded before the lease of worker@.+ expired \(the worker stopped, or lost the database\)/);
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId));
  expect(sub).toMatchObject({ status: "active" });
  expect(await db.select().from(subscriptionTimeline).where(eq(subscriptionTimeline.subscriptionId, sub!.id))).toHaveLength(1);
  expect(await db.select().from(invoices).where(eq(invoices.subscriptionId, sub!.id))).toHaveLength(1);
});
