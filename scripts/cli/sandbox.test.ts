import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { deliverStripe, stripeSetup } from "@/lib/webhooks/testing/fixtures";
import { accountEvents } from "@/lib/webhooks/testing/sandbox-billing";
import { sandbox } from "./sandbox";

// `beacon sandbox trigger` against the test run's sandbox process: the event it names is made in
// the organization's connected account by the sandbox's fixture runner and reaches Beacon's inbox.

async function run(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void lines.push(parts.join(" ")));
  try {
    await sandbox.run(args);
  } finally {
    log.mockRestore();
  }
  return lines.join("\n");
}

afterEach(() => vi.restoreAllMocks());

describe("beacon sandbox trigger", () => {
  it("payment_intent.succeeded makes one PaymentIntent in the org's account and Beacon stores exactly that event", async () => {
    const { account, secret } = await stripeSetup("trigger-pi");
    const output = await run(["trigger", "payment_intent.succeeded", "--account", account.id]);
    const triggered = /emitted as (evt_\w+)/.exec(output)?.[1];
    expect(triggered).toBeDefined();

    const events = await accountEvents(account.id, 0);
    expect(events.map((e) => e.type).sort()).toEqual(["charge.succeeded", "payment_intent.created", "payment_intent.succeeded"]);
    const succeeded = events.filter((e) => e.type === "payment_intent.succeeded");
    expect(succeeded.map((e) => e.id)).toEqual([triggered]);
    expect(succeeded[0]!.account).toBe(account.id);

    expect((await deliverStripe(JSON.stringify(succeeded[0]), secret)).status).toBe(200);
    const stored = await db.select().from(webhookEvents).where(and(eq(webhookEvents.provider, "stripe"), eq(webhookEvents.providerEventId, triggered!)));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: "payment_intent.succeeded", account: account.id });
  });

  it("--list prints the seeds' events; --fixture runs a user's own file named after its event", async () => {
    const listed = (await run(["trigger", "--list"])).split("\n");
    expect(listed).toEqual(expect.arrayContaining([
      "payment_intent.created", "payment_intent.processing", "payment_intent.requires_action", "payment_intent.succeeded",
      "charge.pending", "charge.succeeded", "transfer.created", "invoice.created", "invoice.finalized", "invoice.updated",
      "invoice.voided", "invoice.paid", "customer.updated", "customer.subscription.updated", "customer.subscription.deleted",
    ]));

    const { account } = await stripeSetup("trigger-fixture");
    const file = join(tmpdir(), `customer.updated.${Date.now()}.json`);
    await writeFile(file, JSON.stringify({
      _meta: { template_version: 0 },
      fixtures: [
        { name: "customer", path: "/v1/customers", method: "post", params: { email: "mine@example.test" } },
        { name: "updated", path: "/v1/customers/${customer:id}", method: "post", params: { metadata: { from: "${customer:email}" } } },
      ],
    }));
    const output = await run(["trigger", "customer.updated", "--fixture", file, "--account", account.id]);
    expect(output).toMatch(/customer\.updated.*←/);
    const updated = (await accountEvents(account.id, 0)).find((e) => e.type === "customer.updated");
    expect((updated?.data.object as { metadata: Record<string, string> }).metadata).toEqual({ from: "mine@example.test" });
  });
});
