import { describe, expect, it, vi } from "vitest";
import { respond } from "@/lib/api/respond";
import { createLogger, logger, withLogContext } from "./logger";
import { scrubText } from "./scrub-secrets";

// Every line the app's logger writes during this file is captured (the app logger is silent in
// tests otherwise), then grepped for each secret that was fed into it.
const lines = vi.hoisted(() => [] as string[]);
vi.mock("./logger", async (importOriginal) => {
  const real = await importOriginal<typeof import("./logger")>();
  return { ...real, logger: real.createLogger({ level: "trace" }, { write: (line: string) => void lines.push(line) }) };
});

const secrets = {
  stripeKey: "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc",
  restrictedKey: "rk_test_51HqLyjWDarjtT1zdAbCdEf",
  whsec: "whsec_6dFhq2mWvM3n1bCQZp9bR0o8lTtGk2aa",
  beaconToken: "bcn_live_4f9sJd8Kq2LmN0pQ7rStUvWxYz123456",
  conektaKey: "key_rGzYbEXAMPLEsandboxKey01",
  card: "4242 4242 4242 4242",
  cardCompact: "5555555555554444",
  password: "correct horse battery staple",
  pem: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
};

function capturedText() {
  return lines.join("");
}

describe("logger", () => {
  it("never writes a secret or card number, whatever the shape it arrives in", async () => {
    lines.length = 0;
    logger.info({ password: secrets.password, headers: { authorization: `Bearer ${secrets.beaconToken}` } }, "sign-in attempt");
    logger.info({ connection: { privateKey: secrets.conektaKey, credential: secrets.conektaKey } }, "conekta connected");
    logger.warn({ payment: { card: { number: secrets.card, cvc: "123" } } }, "card on a payload");
    logger.warn({ detail: `Stripe said: Invalid API Key provided: ${secrets.stripeKey}` }, "provider error");
    logger.error({ err: new Error(`No signatures found matching the expected signature for payload, secret ${secrets.whsec}`) }, "verify failed");
    logger.info(`buyer paid with ${secrets.cardCompact} using ${secrets.restrictedKey}`);
    logger.info({ key: secrets.pem }, "webhook key");
    // A route that fails unexpectedly logs the error, with its message, under its request id.
    const response = await respond(new Request("http://beacon.test/v1/anything"), async () => {
      throw new Error(`upstream rejected ${secrets.conektaKey} and ${secrets.whsec}`);
    });
    expect(response.status).toBe(500);

    const text = capturedText();
    expect(lines.length).toBe(8);
    for (const [name, value] of Object.entries(secrets)) {
      expect(text.includes(value), `${name} leaked into the logs`).toBe(false);
    }
    expect(text).toContain("[redacted]");
    expect(text).toContain("[card 4444]");
    expect(JSON.parse(lines[4]!)).toMatchObject({ err: { type: "Error" } });
  });

  it("puts the correlation ids of the current work on every line", async () => {
    lines.length = 0;
    await withLogContext({ requestId: "req-1" }, async () => {
      await withLogContext({ eventId: "evt-db-1", subscriptionId: "sub-db-1" }, async () => logger.info("applied"));
      logger.info("done");
    });
    logger.info("outside");
    const [applied, done, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(applied).toMatchObject({ requestId: "req-1", eventId: "evt-db-1", subscriptionId: "sub-db-1", msg: "applied" });
    expect(done).toMatchObject({ requestId: "req-1", msg: "done" });
    expect(done).not.toHaveProperty("eventId");
    expect(outside).not.toHaveProperty("requestId");
  });

  it("leaves ordinary numbers and ids alone", () => {
    expect(scrubText("took 1718000000000 ms for order 1234567890123456")).toBe("took 1718000000000 ms for order 1234567890123456");
    expect(scrubText("evt_1PXYZ and cus_ABC123")).toBe("evt_1PXYZ and cus_ABC123");
  });

  it("writes JSON lines with the service name", () => {
    const out: string[] = [];
    createLogger({ level: "info" }, { write: (l: string) => void out.push(l) }).info({ n: 1 }, "hello");
    expect(JSON.parse(out[0]!)).toMatchObject({ service: "beacon", n: 1, msg: "hello" });
  });
});
