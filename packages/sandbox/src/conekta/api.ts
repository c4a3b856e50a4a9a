import type { IncomingHttpHeaders } from "node:http";
import type { SandboxEngine } from "../engine";
import type { HttpResult } from "../http/api";
import type { Router } from "../http/router";
import { accountForKey } from "./accounts";
import { ConektaError } from "./errors";
import type { AccountModel } from "./models";
import { isObject, type Body } from "./params";

export const CONEKTA_PREFIX = "/conekta";

export interface ConektaContext {
  engine: SandboxEngine;
  /** The account of the private key the request came with. */
  account: AccountModel;
  body: Body;
  query: URLSearchParams;
  path: Record<string, string>;
}

export type ConektaRouter = Router<ConektaContext>;

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "conekta-media-type": "conekta-v2.3.0; format=application/json",
};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// The SDK sends `Bearer key_…`; Conekta's docs use `curl -u key_…:` (Basic, empty password).
function authenticate(engine: SandboxEngine, headers: IncomingHttpHeaders): AccountModel {
  const auth = header(headers, "authorization");
  let key: string | undefined;
  if (auth?.startsWith("Bearer ")) key = auth.slice(7).trim();
  else if (auth?.startsWith("Basic ")) key = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":")[0];
  if (!key) {
    throw new ConektaError(401, "authentication_error", "Please include your access key in your request.", "conekta.errors.authentication.missing_key");
  }
  const account = accountForKey(engine, key);
  if (!account) {
    throw new ConektaError(401, "authentication_error", "Unrecognized access key.", "conekta.errors.authentication.unrecognized_key", null, `The access key ${key.slice(0, 8)}… is not valid.`);
  }
  return account;
}

function parseBody(raw: string): Body {
  if (!raw.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) {
    throw new ConektaError(400, "malformed_request_error", "The request body is not valid JSON.", "conekta.errors.malformed_request.json");
  }
  return parsed;
}

function json(status: number, body: unknown): HttpResult {
  return { status, headers: HEADERS, body: JSON.stringify(body) };
}

/** Handles one `/conekta/...` API request end to end: auth, body, dispatch, errors. */
export function handleConektaApi(
  engine: SandboxEngine,
  router: ConektaRouter,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
): HttpResult {
  const { method, url } = request;
  const pathname = url.pathname.slice(CONEKTA_PREFIX.length) || "/";
  try {
    const account = authenticate(engine, request.headers);
    const match = router.match(method, pathname);
    if (!match) {
      throw new ConektaError(404, "resource_not_found_error", "The resource was not found.", "conekta.errors.resource_not_found.url", null, `No route for ${method} ${pathname}.`);
    }
    const body = parseBody(request.body);
    return json(200, match.handler({ engine, account, body, query: url.searchParams, path: match.path }));
  } catch (err) {
    if (err instanceof ConektaError) return json(err.status, err.toBody());
    console.error("[sandbox] internal error", err);
    const internal = new ConektaError(500, "api_error", "There was a runtime error and Conekta engineers have been notified.", "conekta.errors.api.system.general_failure", null, err instanceof Error ? err.message : String(err));
    return json(500, internal.toBody());
  } finally {
    engine.commit();
  }
}
