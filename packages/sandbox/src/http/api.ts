import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { API_VERSION, type SandboxEngine } from "../engine";
import { StripeApiError } from "./errors";
import { canonicalParams, parseForm, type Params } from "./form";
import { lookupIdempotent, storeIdempotent } from "./idempotency";
import type { Router } from "./router";

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Test-mode secret (or restricted) keys only; Basic auth is what `curl -u sk_test_…:` sends.
export function authenticate(headers: IncomingHttpHeaders): void {
  const auth = header(headers, "authorization");
  let key: string | undefined;
  if (auth?.startsWith("Bearer ")) key = auth.slice(7).trim();
  else if (auth?.startsWith("Basic ")) key = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":")[0];
  if (!key) {
    throw new StripeApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  // A live key is a real account's secret: refuse it by name, before it is used for anything, so
  // a misconfigured app fails loudly instead of "working" against fake money.
  if (/^(sk|rk)_live_/.test(key)) {
    throw new StripeApiError(
      401,
      "invalid_request_error",
      "This is Beacon's offline sandbox, which accepts test-mode keys only (sk_test_… or rk_test_…); a live-mode key was provided. Do not send live keys here.",
      "api_key_invalid",
    );
  }
  if (!/^(sk|rk)_test_\w+$/.test(key)) {
    const masked = `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
    throw new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${masked}`, "api_key_invalid");
  }
}

function resolveScope(engine: SandboxEngine, headers: IncomingHttpHeaders): { scope: string; connected: boolean } {
  const account = header(headers, "stripe-account");
  if (!account) return { scope: engine.platformId, connected: false };
  if (account !== engine.platformId && !engine.store.get("account", account, engine.platformId)) {
    throw new StripeApiError(
      403,
      "invalid_request_error",
      `The provided key does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
      "account_invalid",
    );
  }
  return { scope: account, connected: account !== engine.platformId };
}

function json(status: number, body: unknown, headers: Record<string, string>): HttpResult {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body, null, 2) };
}

/** Handles one `/v1/...` request end to end: auth, scope, idempotency, dispatch, errors. */
export function handleApi(
  engine: SandboxEngine,
  router: Router,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
): HttpResult {
  const requestId = `req_${randomUUID().replace(/-/g, "").slice(0, 14)}`;
  const { method, url, headers } = request;
  const base: Record<string, string> = {
    "request-id": requestId,
    "stripe-version": header(headers, "stripe-version") ?? API_VERSION,
  };
  const idempotencyKey = method === "POST" ? header(headers, "idempotency-key") : undefined;
  if (idempotencyKey) base["idempotency-key"] = idempotencyKey;
  try {
    authenticate(headers);
    const { scope, connected } = resolveScope(engine, headers);
    const params: Params = { ...parseForm(url.search.slice(1)), ...parseForm(request.body) };
    const match = router.match(method, url.pathname);
    if (!match) {
      throw new StripeApiError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const fingerprint = { method, path: url.pathname, params: canonicalParams(params), now: engine.now() };
    if (idempotencyKey) {
      const replay = lookupIdempotent(engine.store, scope, idempotencyKey, fingerprint);
      if (replay) {
        return { status: replay.status, headers: { "content-type": "application/json", ...base, "idempotent-replayed": "true" }, body: replay.body };
      }
    }
    let result: HttpResult;
    try {
      const body = engine.withRequest({ id: requestId, idempotency_key: idempotencyKey ?? null }, () =>
        match.handler({ engine, params, path: match.path, scope, connected }),
      );
      result = json(200, body, base);
    } catch (err) {
      result = errorResult(err, base);
    }
    if (idempotencyKey) storeIdempotent(engine.store, scope, idempotencyKey, fingerprint, result);
    return result;
  } catch (err) {
    return errorResult(err, base);
  } finally {
    engine.commit();
  }
}

function errorResult(err: unknown, headers: Record<string, string>): HttpResult {
  if (err instanceof StripeApiError) return json(err.status, err.toBody(), headers);
  const message = err instanceof Error ? err.message : String(err);
  console.error("[sandbox] internal error", err);
  return json(500, { error: { type: "api_error", message: `Sandbox internal error: ${message}` } }, headers);
}
