import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import type { WebhookDelivery } from "./delivery";
import type { SandboxEngine } from "./engine";
import { authenticate, type HttpResult } from "./http/api";
import { StripeApiError } from "./http/errors";
import { parseForm } from "./http/form";
import { optBool, optInt, optString, stringArray } from "./http/params";
import { restrictAccount } from "./stripe/account-links";
import { runDue } from "./stripe/scheduler";

export interface SandboxControl {
  /** Moves sandbox time forward, running renewals, retries, trial ends and expiries in order. */
  advance(seconds: number): { now: number; steps: number };
  restrictAccount: (accountId: string, options?: Parameters<typeof restrictAccount>[2]) => void;
}

export function createControl(engine: SandboxEngine): SandboxControl {
  return {
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new Error("advance() takes a non-negative number of seconds");
      const steps = runDue(engine, engine.now() + Math.floor(seconds));
      return { now: engine.now(), steps };
    },
    restrictAccount(accountId, options) {
      try {
        restrictAccount(engine, accountId, options);
      } finally {
        engine.commit();
      }
    },
  };
}

function json(status: number, body: unknown): HttpResult {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * `/_sandbox/*`: the same controls over HTTP, for a sandbox running in another
 * process (CLI, e2e). Guarded by a test secret key like the API.
 */
export function handleControl(
  engine: SandboxEngine,
  control: SandboxControl,
  delivery: WebhookDelivery,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
): HttpResult {
  try {
    authenticate(request.headers);
    const params = { ...parseForm(request.url.search.slice(1)), ...parseForm(request.body) };
    const route = `${request.method} ${request.url.pathname}`;
    if (route === "GET /_sandbox/clock") return json(200, { now: engine.now() });
    if (route === "POST /_sandbox/clock/advance") return json(200, control.advance(optInt(params, "seconds") ?? 0));
    if (route === "GET /_sandbox/deliveries") return json(200, { settings: delivery.settings, attempts: delivery.attempts() });
    if (route === "POST /_sandbox/delivery") {
      delivery.configure({
        duplicate: optBool(params, "duplicate") ?? delivery.settings.duplicate,
        reorder: optBool(params, "reorder") ?? delivery.settings.reorder,
        delayMs: optInt(params, "delay_ms") ?? delivery.settings.delayMs,
        retryBaseMs: optInt(params, "retry_base_ms") ?? delivery.settings.retryBaseMs,
        maxAttempts: optInt(params, "max_attempts") ?? delivery.settings.maxAttempts,
      });
      return json(200, { settings: delivery.settings });
    }
    const restrict = /^POST \/_sandbox\/accounts\/([^/]+)\/restrict$/.exec(route);
    if (restrict?.[1]) {
      control.restrictAccount(decodeURIComponent(restrict[1]), {
        disabledReason: optString(params, "disabled_reason"),
        pastDue: stringArray(params, "past_due"),
      });
      return json(200, { ok: true });
    }
    return json(404, { error: { type: "invalid_request_error", message: `Unknown sandbox control: ${route}` } });
  } catch (err) {
    if (err instanceof StripeApiError) return json(err.status, err.toBody());
    return json(400, { error: { type: "invalid_request_error", message: err instanceof Error ? err.message : String(err) } });
  }
}
