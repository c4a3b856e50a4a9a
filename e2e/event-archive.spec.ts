import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connectDb, demo, signInViaUi } from "./fixtures/beacon";

// An event past the retention lives in webhook_events_archive: a search by its provider event id
// lists it, and its page shows it as archived with its payload and attempts, without Reprocess.

test("an archived event is found by its provider event id and shown with its payload and attempts", async ({ page }) => {
  const sql = connectDb();
  const [org] = await sql`select id from organizations where slug = 'demo'`;
  const id = randomUUID();
  const providerEventId = `evt_archived_${randomBytes(6).toString("hex")}`;
  const at = new Date(Date.now() - 200 * 86_400_000);
  const body = JSON.stringify({ id: providerEventId, object: "event", type: "invoice.paid", data: { object: { id: "in_archived_1" } } });
  const attemptLog = [{ id: 1, worker: "w1", requestedBy: null, startedAt: at.toISOString(), finishedAt: at.toISOString(), durationMs: 9, outcome: "processed", error: null, logs: [{ at: at.toISOString(), level: "info", message: "applied invoice in_archived_1" }] }];
  await sql`insert into webhook_events_archive (id, provider, mode, account, provider_event_id, type, organization_id, provider_created_at, received_at, processed_at,
      status, decision, attempts, deliveries, object_refs, raw_body, attempt_log)
    values (${id}, 'stripe', 'test', 'acct_archived', ${providerEventId}, 'invoice.paid', ${org!.id as string}, ${at}, ${at}, ${at},
      'processed', 'applied', 1, 1, ${sql.json({ invoice: "in_archived_1" })}, ${body}, ${sql.json(attemptLog)})`;
  await sql.end();

  await signInViaUi(page, demo.email, demo.password);
  await page.goto(`/demo/events?q=${providerEventId}`);
  const matches = page.getByTestId("archived-matches");
  await expect(matches).toContainText("An archived event matches this search");
  await matches.getByRole("link", { name: "invoice.paid" }).click();

  await expect(page.getByTestId("provider-event-id")).toHaveText(providerEventId);
  await expect(page.getByTestId("archived-note")).toContainText("moved to the archive");
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
  await expect(page.getByTestId("payload")).toContainText(`"id": "${providerEventId}"`);
  await expect(page.getByTestId("attempts")).toContainText("applied invoice in_archived_1");
  await expect(page.getByRole("button", { name: "Reprocess" })).toHaveCount(0);
  // Settled long ago, with no note: nothing says it waits for a worker.
  await expect(page.getByText("Waiting for a worker.")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("archived-event.png"), fullPage: true });
});
