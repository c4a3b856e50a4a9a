import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startTestSandbox, within, type TestSandbox } from "./test-support";

// Safe to expose: a live key is refused before it is used, the server binds to loopback unless
// told otherwise, and the `beacon-sandbox` process starts, answers and stops on a signal.

const BIN = path.resolve(import.meta.dirname, "../bin/beacon-sandbox.mjs");

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function stripeCall(url: string, key: string) {
  const res = await fetch(`${url}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as { error: { type: string; code?: string; message: string } } };
}

describe("live keys", () => {
  test.each(["sk_live_51Habcdefghijklmnop", "rk_live_51Habcdefghijklmnop"])("%s is refused with a Stripe-shaped 401 naming live mode", async (key) => {
    t = await startTestSandbox();
    const { status, body } = await stripeCall(t.sandbox.url, key);
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "api_key_invalid" });
    expect(body.error.message).toMatch(/live-mode key/);
    expect(body.error.message).not.toContain("abcdefghijklmnop");
  });

  test("a live key sent with Basic auth (curl -u) is refused too", async () => {
    t = await startTestSandbox();
    const res = await fetch(`${t.sandbox.url}/v1/customers`, { headers: { authorization: `Basic ${Buffer.from("sk_live_xyz:").toString("base64")}` } });
    expect(res.status).toBe(401);
  });

  test("Conekta answers only the keys it issued, so a real account's key is unrecognized", async () => {
    t = await startTestSandbox();
    const res = await fetch(`${t.sandbox.conektaUrl}/customers`, {
      headers: { authorization: "Bearer key_LiveKeyFromARealAccount", accept: "application/vnd.conekta-v2.2.0+json" },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: "authentication_error" });
  });
});

describe("binding", () => {
  test("the server binds to loopback unless given a host", async () => {
    t = await startTestSandbox();
    expect(t.sandbox.host).toBe("127.0.0.1");
    expect(t.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("beacon-sandbox listens on loopback, prints its URL, keeps state in --data-dir and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-sandbox-cli-"));
    const child = spawn(process.execPath, [BIN, "--port", "0", "--data-dir", dataDir, "--tick-ms", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const url = await within(
        new Promise<string>((resolve, reject) => {
          child.stdout.on("data", (chunk: string) => {
            out += chunk;
            const match = /listening on (http:\/\/\S+)/.exec(out);
            if (match?.[1]) resolve(match[1]);
          });
          child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
        }),
        20_000,
        "beacon-sandbox to start",
      );
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(path.join(dataDir, "sandbox"));
      expect((await stripeCall(url, "sk_test_cli")).status).toBe(200);
      child.kill("SIGTERM");
      const [code] = await within(once(child, "exit"), 10_000, "beacon-sandbox to stop");
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
