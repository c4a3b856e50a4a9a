import { expect, test, vi } from "vitest";
import { STRIPE_API_VERSION } from "@/lib/providers/stripe/api-version";
import { deliverStripe, eventId, stripeSetup } from "@/lib/webhooks/testing/fixtures";
import { alerts } from "./alerts";

// `beacon alerts list`: what Observability shows, from the CLI, with the API versions per endpoint
// and the upgrade path when one drifts (issue 23's "from the UI and the CLI").

test("shows an endpoint's drift from Beacon's API version and the upgrade path", async () => {
  const setup = await stripeSetup("alerts-cli");
  const id = eventId();
  const event = { id, object: "event", api_version: "2024-06-20", account: setup.account.id, created: Math.floor(Date.now() / 1000), livemode: false, type: "customer.created", data: { object: { id: "cus_v", object: "customer" } } };
  expect((await deliverStripe(JSON.stringify(event), setup.secret)).status).toBe(200);
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void lines.push(parts.join(" ")));
  try {
    await alerts.run(["list", "--org", setup.owner.organization.slug]);
  } finally {
    log.mockRestore();
  }
  const out = lines.join("\n");
  expect(out).toMatch(/^0 critical, 1 warning \(test mode/);
  expect(out).toMatch(/warning\s+api_version_drift\s+stripe/);
  expect(out).toContain(`endpoint ${setup.endpoint.id} (stripe): 2024-06-20 ×1; Beacon speaks ${STRIPE_API_VERSION} — DRIFT`);
  expect(out).toContain("webhooks rotate --provider stripe --mode test");
});

test("refuses a mode that is not test or live", async () => {
  await expect(alerts.run(["list", "--org", "x", "--mode", "prod"])).rejects.toThrow();
});
