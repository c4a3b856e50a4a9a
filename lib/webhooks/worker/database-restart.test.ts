import { connect, createServer, type Server, type Socket } from "node:net";
import { asc, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/db";
import { createDb, type Db } from "@/db/client";
import { eventAttempts, webhookEvents } from "@/db/schema";
import { deliverStripe, eventId, stripeEventBody, stripeSetup, storedEvent } from "../testing/fixtures";
import { drainEvents } from "./run-worker";

// A worker whose database restarts under it, for real at the wire: its connections go through a
// TCP proxy that the test cuts (every connection dropped, new ones refused) at a chosen message
// and restores a moment later, as a PostgreSQL restart does. The worker itself lives on, and its
// attempt records must say what happened: one row per counted attempt, and no row claiming that
// a worker which never stopped "stopped".

class FlakyDatabase {
  private server: Server;
  private sockets = new Set<Socket>();
  private down = false;
  private trap: { text: string; replyLost: boolean; skip: number } | null = null;
  port = 0;

  constructor(private target: URL) {
    this.server = createServer((client) => this.accept(client));
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /**
   * The database goes down for `downMs`: at the next client message containing `text` before it
   * reaches the server, or (`replyLost`) at the next server answer containing `text`, which the
   * server has done and committed but the worker never hears of. `skip` lets that many matches
   * through first (a worker's claim is a transaction of its own before an attempt's).
   */
  restartAt(text: string, { replyLost = false, downMs = 800, skip = 0 } = {}) {
    this.trap = { text, replyLost, skip };
    return new Promise<void>((resolve) => (this.sprung = () => setTimeout(() => ((this.down = false), resolve()), downMs)));
  }

  private sprung = () => {};

  private cut() {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.sprung();
  }

  private sprang(_direction: "request" | "reply", replyLost: boolean, chunk: Buffer) {
    const trap = this.trap;
    if (!trap || trap.replyLost !== replyLost || !chunk.includes(trap.text)) return false;
    if (trap.skip-- > 0) return false;
    this.trap = null;
    return true;
  }

  private accept(client: Socket) {
    if (this.down) return client.destroy();
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    this.sockets.add(client).add(upstream);
    let answering = true;
    client.on("data", (chunk: Buffer) => {
      if (this.sprang("request", false, chunk)) return this.cut();
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (answering && this.sprang("reply", true, chunk)) {
        // Let the server finish its commit; the worker hears nothing more on this connection.
        answering = false;
        setTimeout(() => this.cut(), 300);
      }
      if (answering) client.write(chunk);
    });
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      a.on("error", () => b.destroy());
      a.on("close", () => b.destroy());
    }
  }

  close() {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
}

const proxy = new FlakyDatabase(new URL(process.env.DATABASE_URL!));
let client: postgres.Sql;
let workerDb: Db;
beforeAll(async () => {
  await proxy.start();
  const url = new URL(process.env.DATABASE_URL!);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  client = postgres(url.toString(), { max: 4, onnotice: () => {}, connect_timeout: 5 });
  workerDb = createDb(client);
});
afterAll(async () => {
  await client.end({ timeout: 1 });
  proxy.close();
});

const policy = { maxAttempts: 5, baseDelayMs: 0, maxDelayMs: 0 };

async function oneEvent(label: string) {
  const setup = await stripeSetup(label);
  const id = eventId();
  const object = { id: `sub_${label}_${setup.account.id}`, object: "subscription", customer: "cus_restart", status: "active", items: { object: "list", data: [] } };
  const body = stripeEventBody({ id, type: "customer.subscription.created", account: setup.account.id, created: 1_950_000_000, object });
  expect((await deliverStripe(body, setup.secret)).status).toBe(200);
  const event = (await storedEvent(id))!;
  // One slot: no second claim runs beside the attempt, so the transactions come in a known order (claim, then attempt).
  const drain = () => drainEvents({ db: workerDb, concurrency: 1, name: `survivor-${label}`, policy, organizationId: setup.owner.organization.id });
  const attempts = () => db.select().from(eventAttempts).where(eq(eventAttempts.eventId, event.id)).orderBy(asc(eventAttempts.id));
  const expireLease = () => db.update(webhookEvents).set({ leaseExpiresAt: new Date(Date.now() - 1_000) }).where(eq(webhookEvents.id, event.id));
  return { event, drain, attempts, expireLease, stored: () => storedEvent(id) };
}

const neverStopped = (rows: { error: string | null }[]) => expect(rows.filter((r) => /stopped before|Abandoned/.test(r.error ?? ""))).toEqual([]);

describe("a worker that survives a database restart", () => {
  test("mid-event: it records its own failed attempt once the database is back, then processes the event", { timeout: 60_000 }, async () => {
    const { drain, attempts, stored } = await oneEvent("mid-event");
    // The settle transaction's first message never reaches the server (the claim's went through).
    const back = proxy.restartAt("begin", { skip: 1 });
    const outcomes: string[] = await drain().catch((error: unknown) => [`threw: ${String(error)}`]);
    await back;
    // Whatever the first drain managed, the event must end processed by this same worker.
    if (!outcomes.includes("processed")) outcomes.push(...(await drain().catch((error: unknown) => [`threw: ${String(error)}`])));
    expect(outcomes).toEqual(["failed", "processed"]);
    const rows = await attempts();
    expect(rows.map((r) => r.outcome)).toEqual(["failed", "processed"]);
    expect(rows[0]!.error).toMatch(/CONNECTION|ECONN|closed|terminat/i);
    neverStopped(rows);
    expect(await stored()).toMatchObject({ status: "processed", attempts: 2 });
  });

  test("its commit went through but the answer was lost: the attempt stays processed, not 'lease lost'", { timeout: 60_000 }, async () => {
    const { drain, attempts, stored } = await oneEvent("lost-answer");
    // The settle's commit, after the claim's.
    const back = proxy.restartAt("COMMIT", { replyLost: true, skip: 1 });
    const outcomes: string[] = await drain().catch((error: unknown) => [`threw: ${String(error)}`]);
    await back;
    expect(outcomes).toEqual(["processed"]);
    const rows = await attempts();
    expect(rows.map((r) => [r.outcome, r.error])).toEqual([["processed", null]]);
    expect(await stored()).toMatchObject({ status: "processed", attempts: 1, leaseOwner: null });
  });

  test("its claim went through but the answer was lost: every counted attempt has its row, and none says the worker stopped", { timeout: 60_000 }, async () => {
    const { drain, attempts, stored, expireLease } = await oneEvent("lost-claim");
    // The claim's commit.
    const back = proxy.restartAt("COMMIT", { replyLost: true });
    await drain().catch(() => []);
    await back;
    // The claim committed: the event is leased to this worker, which never heard of it.
    const held = (await stored())!;
    expect(held).toMatchObject({ status: "processing", attempts: 1 });
    expect(await attempts()).toHaveLength(held.attempts);
    await expireLease();
    expect(await drain()).toEqual(["processed"]);
    const rows = await attempts();
    expect(await stored()).toMatchObject({ status: "processed", attempts: 2 });
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.outcome)).toEqual(["failed", "processed"]);
    neverStopped(rows);
    expect(rows[0]!.error).toContain("this worker lost the database");
  });
});
