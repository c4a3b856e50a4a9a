import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NextApiRequest, NextApiResponse } from "next";
import type { SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import type { Method } from "./route-table";
import type { SeededOrg } from "./seed";

// How the security suite calls Beacon: the route modules' own exports with real Requests, as
// Next would, signed in as whoever the test says (the test file mocks lib/auth/session).

declare global {
  interface ImportMeta {
    /** Vite's build-time glob (vitest runs on Vite); typed here because vite's own types are vitest's private dependency. */
    glob(patterns: string[]): Record<string, () => Promise<unknown>>;
  }
}

/** Every route and page file, found the way Next finds them; keys like `app/api/health/route.ts`. */
const modules = import.meta.glob(["/app/**/route.ts", "/app/**/page.tsx", "/pages/api/**/*.ts", "!**/*.test.ts"]);
export const routeFiles = Object.keys(modules).map((k) => k.slice(1)).sort();
export const loadRoute = (file: string) => modules[`/${file}`]!() as Promise<Record<string, unknown>>;

export const httpMethods: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
export const isMutation = (m: Method) => m !== "GET";

/** The seven callers: members of the caller's organization, its API tokens, a token of the target in the other mode, nobody. */
export const identities = ["owner", "admin", "viewer", "testToken", "liveToken", "otherMode", "anonymous"] as const;
export type Identity = (typeof identities)[number];
export const sessionIdentities: Identity[] = ["owner", "admin", "viewer"];

export interface Caller {
  user: SessionUser | null;
  authorization: string | null;
}

const userOf = (ctx: SeededOrg["owner"]): SessionUser | null =>
  ctx.principal.type === "user" ? { id: ctx.principal.id, email: ctx.principal.email, name: null } : null;

/** `caller` attacks `target`: `otherMode` is the target's own live token, reaching for its test-mode things. */
export function callerFor(identity: Identity, caller: SeededOrg, target: SeededOrg): Caller {
  switch (identity) {
    case "owner":
    case "admin":
    case "viewer":
      return { user: userOf(caller[identity]), authorization: null };
    case "testToken":
      return { user: null, authorization: `Bearer ${caller.tokens.test}` };
    case "liveToken":
      return { user: null, authorization: `Bearer ${caller.tokens.live}` };
    case "otherMode":
      return { user: null, authorization: `Bearer ${target.tokens.live}` };
    case "anonymous":
      return { user: null, authorization: null };
  }
}

/**
 * A request as the dashboard or an integration sends it: same-origin `Origin` and a JSON body on
 * every state-changing call, so what is tested is authorization, not CSRF defences.
 */
export function buildRequest(path: string, method: Method, authorization: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { origin: env.publicUrl, ...headers };
  if (authorization) h.authorization = authorization;
  const hasBody = isMutation(method);
  if (hasBody) h["content-type"] ??= "application/json";
  return new Request(new URL(path, env.publicUrl), {
    method,
    headers: h,
    body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body ?? {})) : undefined,
  });
}

type RouteHandler = (req: Request, segment: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export function callHandler(mod: Record<string, unknown>, method: Method, req: Request, params: Record<string, string | string[]>) {
  return (mod[method] as RouteHandler)(req, { params: Promise.resolve(params) });
}

/**
 * Which of another tenant's strings an answer contains. What the request itself carried (path
 * segments, query values, body strings) is removed first: echoing the caller's own input back,
 * as `instance` or "No organization "x" among yours", tells it nothing.
 */
export async function foreignStringsIn(res: Response, requestUrl: string, foreign: string[], sent: unknown = null) {
  const url = new URL(requestUrl);
  const echoes = [
    ...url.pathname.split("/").map(decodeURIComponent),
    ...[...url.searchParams.values()],
    ...collectStrings(sent),
  ].filter((s) => s.length >= 8);
  const scrub = (s: string) => echoes.reduce((text, echo) => text.split(echo.toLowerCase()).join("<sent>"), decodeDeep(s).toLowerCase());
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  const text = `${scrub(headers)}\n${scrub(await res.clone().text())}`;
  return foreign.filter((s) => text.includes(s.toLowerCase()));
}

/** URL-decodes until stable, so an id inside an encoded `callbackUrl` is seen as itself. */
function decodeDeep(s: string) {
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(s);
      if (next === s) break;
      s = next;
    } catch {
      break;
    }
  }
  return s;
}

function collectStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(collectStrings);
  return [];
}

/** Serves the Pages API webhook route over node http, as Next does. */
export async function servePagesRoute(handler: (req: NextApiRequest, res: NextApiResponse) => unknown) {
  const server: Server = createServer((req, res) => void handler(req as NextApiRequest, res as NextApiResponse));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The digest Next's notFound()/redirect() throw, or null when the page returned. */
export async function pageOutcome(render: () => Promise<unknown>): Promise<string> {
  try {
    await render();
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return "notFound";
    if (digest.startsWith("NEXT_REDIRECT;")) return `redirect:${digest.split(";")[2]}`;
    throw error;
  }
}
