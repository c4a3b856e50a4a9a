import { randomBytes } from "node:crypto";
import { CustomersApi } from "conekta";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { conektaConfig, stripeClient } from "@/lib/providers/clients";
import { createOwner } from "@/lib/testing/factories";
import { minutesAgo, seedAttempt, seedCheckout, seedConnection, seedEvent, seedPlan, seedRejection } from "../test-support";
import { authorizeMetrics } from "@/lib/api/authorize-metrics";
import { routeOf } from "./provider-calls";

// A strict reader of the Prometheus text format (0.0.4): every line must be empty (the format
// ignores those; prom-client separates families with one), a HELP, a TYPE or a sample of a declared family; label values properly quoted; one sample per series; histogram
// buckets cumulative and ending at +Inf = _count.
type Parsed = Map<string, { type: string; samples: { name: string; labels: Record<string, string>; value: number }[] }>;

const metricName = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const labelPair = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// NaN in any case: Prometheus parses floats with Go's ParseFloat, and prom-client writes "Nan" (an
// event-loop summary before its first sample).
const number = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|[Nn]a[Nn])";
const sampleLine = new RegExp(`^(${metricName})(?:\\{(${labelPair}(?:,${labelPair})*)?\\})? (${number})$`);
const helpLine = new RegExp(`^# HELP (${metricName}) .*$`);
const typeLine = new RegExp(`^# TYPE (${metricName}) (counter|gauge|histogram|summary|untyped)$`);

function parseExposition(text: string): Parsed {
  expect(text.endsWith("\n")).toBe(true);
  const families: Parsed = new Map();
  const series = new Set<string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "" || helpLine.test(line)) continue;
    const type = typeLine.exec(line);
    if (type) {
      expect(families.has(type[1]!), `TYPE declared twice: ${line}`).toBe(false);
      families.set(type[1]!, { type: type[2]!, samples: [] });
      continue;
    }
    const sample = sampleLine.exec(line);
    expect(sample, `not a valid exposition line: ${JSON.stringify(line)}`).not.toBeNull();
    const [, name, labelText = "", value] = sample!;
    const base = name!.replace(/_(bucket|sum|count)$/, "");
    const fam = families.get(name!) ?? families.get(base);
    expect(fam, `sample of an undeclared family: ${line}`).toBeDefined();
    if (fam!.type !== "histogram") expect(families.has(name!)).toBe(true);
    const labels = Object.fromEntries([...labelText.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    expect(series.has(key), `duplicate series ${key}`).toBe(false);
    series.add(key);
    fam!.samples.push({ name: name!, labels, value: Number(value!.replace("+Inf", "Infinity")) });
  }
  for (const [name, fam] of families) {
    if (fam.type !== "histogram") continue;
    const groups = new Map<string, number[]>();
    for (const s of fam.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      groups.set(key, [...(groups.get(key) ?? []), s.value]);
      if (le === "+Inf") {
        const count = fam.samples.find((x) => x.name === `${name}_count` && JSON.stringify(x.labels) === key);
        expect(count?.value).toBe(s.value);
      }
    }
    for (const values of groups.values()) expect([...values].sort((a, b) => a - b)).toEqual(values);
  }
  return families;
}

const value = (parsed: Parsed, name: string, labels: Record<string, string>) => {
  const base = name.replace(/_(bucket|sum|count)$/, "");
  const fam = parsed.get(name) ?? parsed.get(base);
  const match = fam?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return match?.value;
};

async function scrape() {
  const response = await GET(new Request("http://beacon.test/api/metrics"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return parseExposition(await response.text());
}

describe("/api/metrics", () => {
  it("parses as Prometheus text and counts what the tables hold", async () => {
    const ctx = await createOwner("metrics");
    const stripe = await seedConnection(ctx, { provider: "stripe", mode: "live" });
    const type = `test.metrics_${randomBytes(3).toString("hex")}`;
    const reason = `test_reason_${randomBytes(3).toString("hex")}`;
    const before = await scrape();

    const processed = await seedEvent(stripe, { type, deliveries: 3, providerCreatedAt: minutesAgo(2), processedAt: new Date() });
    await seedEvent(stripe, { type, deliveries: 1, status: "pending", processedAt: null, receivedAt: minutesAgo(120), providerCreatedAt: minutesAgo(125) });
    // Stored without a delivery (a reconcile or replay found it): no duplicate, and no negative count.
    await seedEvent(stripe, { type, deliveries: 0, providerCreatedAt: minutesAgo(3), processedAt: new Date() });
    await seedAttempt(processed, "failed");
    await seedAttempt(processed, "processed");
    await seedRejection(ctx, { reason });
    await seedRejection(ctx, { reason, detail: 'a "quoted"\nreason \\ here' });
    await seedRejection(null, { reason });
    const plan = await seedPlan(ctx);
    await seedCheckout(stripe, plan, { createdAt: minutesAgo(24 * 60) });
    await seedCheckout(stripe, plan, { status: "completed", confirmedAt: new Date() });

    const after = await scrape();
    const live = { provider: "stripe", mode: "live" };
    expect(value(after, "beacon_webhook_deliveries_verified_total", { ...live, type })).toBe(4);
    expect(value(after, "beacon_webhook_deliveries_duplicate_total", { ...live, type })).toBe(2);
    expect(value(after, "beacon_webhook_deliveries_rejected_total", { provider: "stripe", reason })).toBe(3);
    expect(value(after, "beacon_webhook_deliveries_unattributed_total", { provider: "stripe", reason })).toBe(1);
    const delta = (name: string, labels: Record<string, string>) => (value(after, name, labels) ?? 0) - (value(before, name, labels) ?? 0);
    expect(delta("beacon_webhook_deliveries_received_total", { provider: "stripe" })).toBeGreaterThanOrEqual(6);
    expect(delta("beacon_webhook_processing_attempts_total", { ...live, outcome: "failed" })).toBeGreaterThanOrEqual(1);
    expect(delta("beacon_webhook_processing_lag_seconds_count", live)).toBeGreaterThanOrEqual(1);
    expect(value(after, "beacon_webhook_inbox_depth", { ...live, state: "pending" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "beacon_webhook_inbox_oldest_pending_age_seconds", live)).toBeGreaterThanOrEqual(7200);
    expect(value(after, "beacon_webhook_pending_lag_seconds", live)).toBeGreaterThanOrEqual(7500);
    expect(delta("beacon_checkouts_created_total", live)).toBeGreaterThanOrEqual(2);
    expect(delta("beacon_checkouts_confirmed_total", { ...live, status: "completed" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "beacon_checkouts_stuck", live)).toBeGreaterThanOrEqual(1);
    expect(after.get("beacon_webhook_processing_lag_seconds")?.type).toBe("histogram");
  });

  it("times provider API calls made through the Stripe and Conekta SDKs", async () => {
    await stripeClient("test").customers.create({ email: "metrics@buyer.test" });
    await new CustomersApi(conektaConfig(`key_sandbox_${randomBytes(8).toString("hex")}`)).getCustomers("en");
    const parsed = await scrape();
    expect(value(parsed, "beacon_provider_api_request_duration_seconds_count", { provider: "stripe", method: "POST", route: "/v1/customers" })).toBeGreaterThanOrEqual(1);
    const conekta = parsed.get("beacon_provider_api_request_duration_seconds")?.samples.filter((s) => s.labels.provider === "conekta" && s.name.endsWith("_count"));
    expect(conekta?.length).toBeGreaterThan(0);
  });

  it("reports this process's own runtime: CPU, memory and event-loop lag", async () => {
    const parsed = await scrape();
    expect(parsed.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(value(parsed, "process_resident_memory_bytes", {})).toBeGreaterThan(0);
    expect(parsed.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
    expect(parsed.get("nodejs_eventloop_lag_p99_seconds")).toBeDefined();
  });

  it("normalizes ids out of API routes", () => {
    expect(routeOf("/v1/customers/cus_Ab3dEf9h12/tax_ids")).toBe("/v1/customers/:id/tax_ids");
    expect(routeOf("/v1/checkout/sessions/cs_test_a1B2c3D4e5?expand=x")).toBe("/v1/checkout/sessions/:id");
    expect(routeOf("/conekta/webhooks/65f1c0ffee0123456789abcd")).toBe("/conekta/webhooks/:id");
    expect(routeOf("/v1/subscription_items")).toBe("/v1/subscription_items");
  });

  it("takes the bearer token when one is configured, and is closed in production without one", () => {
    const req = (auth?: string) => new Request("http://beacon.test/api/metrics", { headers: auth ? { authorization: auth } : {} });
    const token = "metrics-token-0123456789";
    expect(() => authorizeMetrics(req(`Bearer ${token}`), { token, isProduction: true })).not.toThrow();
    expect(() => authorizeMetrics(req("Bearer wrong-token-0123456789"), { token, isProduction: false })).toThrow(/metrics token/);
    expect(() => authorizeMetrics(req(), { token, isProduction: false })).toThrow(/metrics token/);
    expect(() => authorizeMetrics(req(), { isProduction: false })).not.toThrow();
    expect(() => authorizeMetrics(req(`Bearer ${token}`), { isProduction: true })).toThrow(/BEACON_METRICS_TOKEN/);
  });
});
