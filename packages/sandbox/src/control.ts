import type { IncomingHttpHeaders } from "node:http";
import { accountForKey, createAccount } from "./conekta/accounts";
import { ConektaError } from "./conekta/errors";
import type { WebhookDelivery } from "./delivery";
import type { SandboxEngine } from "./engine";
import { authenticate, type HttpResult } from "./http/api";
import { StripeApiError } from "./http/errors";
import { parseForm, type Params } from "./http/form";
import { optBool, optInt, optString, reqString, stringArray } from "./http/params";
import type { Provider } from "./record-store";
import { runDue } from "./scheduler";
import { restrictAccount } from "./stripe/account-links";
import { parseFixtureDocument } from "./fixtures/runner";
import { trigger, TRIGGER_EVENTS, TriggerError, type TriggerOptions, type TriggerResult } from "./trigger";

export interface SandboxControl {
  /** Moves sandbox time forward, running both providers' renewals, retries, trial ends and expiries in order. */
  advance(seconds: number): { now: number; steps: number };
  restrictAccount: (accountId: string, options?: Parameters<typeof restrictAccount>[2]) => void;
  /** A new Conekta sandbox account: its id and keys (use `private_key` with the SDK). */
  createConektaAccount(): { id: string; private_key: string; public_key: string };
  /** Produces a provider event through the normal code paths (see TRIGGER_EVENTS). */
  trigger(provider: Provider, event: string, options?: TriggerOptions): TriggerResult;
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
    createConektaAccount() {
      const { id, private_key, public_key } = createAccount(engine);
      engine.commit();
      return { id, private_key, public_key };
    },
    trigger: (provider, event, options) => trigger(engine, provider, event, options),
  };
}

function json(status: number, body: unknown): HttpResult {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

// The control API takes form bodies (like Stripe) or JSON objects of scalars.
function parseParams(url: URL, body: string): Params {
  const query = parseForm(url.search.slice(1));
  if (!body.trim().startsWith("{")) return { ...query, ...parseForm(body) };
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return { ...query, ...Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) };
}

// A Stripe test key or a Conekta sandbox private key, like the APIs themselves.
function authorize(engine: SandboxEngine, headers: IncomingHttpHeaders): void {
  try {
    authenticate(headers);
  } catch (err) {
    const auth = headers.authorization ?? "";
    const key = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
    if (!key.startsWith("key_") || !accountForKey(engine, key)) throw err;
  }
}

/**
 * `/_sandbox/*`: the same controls over HTTP, for a sandbox running in another
 * process (CLI, e2e). Guarded by a test key like the APIs.
 */
export function handleControl(
  engine: SandboxEngine,
  control: SandboxControl,
  delivery: WebhookDelivery,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
): HttpResult {
  try {
    authorize(engine, request.headers);
    const params = parseParams(request.url, request.body);
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
    if (route === "POST /_sandbox/conekta/accounts") return json(200, control.createConektaAccount());
    if (route === "GET /_sandbox/triggers") return json(200, TRIGGER_EVENTS);
    if (route === "POST /_sandbox/trigger") {
      // A JSON body may carry a whole fixture document (`beacon sandbox trigger --fixture x.json`).
      const raw = request.body.trim().startsWith("{") ? (JSON.parse(request.body) as { fixture?: unknown }).fixture : undefined;
      const fixture = raw === undefined ? undefined : parseFixtureDocument(raw);
      const result = control.trigger(reqString(params, "provider") as Provider, reqString(params, "event"), { account: optString(params, "account"), fixture });
      return json(200, result);
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
    if (err instanceof ConektaError) return json(err.status, err.toBody());
    const supported = err instanceof TriggerError ? { supported: err.supported } : {};
    return json(400, { error: { type: "invalid_request_error", message: err instanceof Error ? err.message : String(err) }, ...supported });
  } finally {
    engine.commit();
  }
}
