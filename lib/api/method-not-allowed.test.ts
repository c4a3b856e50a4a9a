import { describe, expect, it } from "vitest";
import * as confirmRoute from "@/app/v1/billing/subscription-checkouts/[id]/confirm/route";
import * as checkoutRoute from "@/app/v1/billing/subscription-checkouts/[id]/route";
import * as checkoutsRoute from "@/app/v1/billing/subscription-checkouts/route";
import * as meRoute from "@/app/v1/me/route";
import * as openApiRoute from "@/app/v1/openapi.json/route";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Next answers a method a route.ts does not export with an empty 405; every /v1 route exports
// all five, the ones it does not serve answering problem+json with Allow.
describe.each([
  ["/v1/billing/subscription-checkouts", checkoutsRoute, "GET, HEAD, POST, OPTIONS"],
  ["/v1/billing/subscription-checkouts/x", checkoutRoute, "GET, HEAD, OPTIONS"],
  ["/v1/billing/subscription-checkouts/x/confirm", confirmRoute, "POST, OPTIONS"],
  ["/v1/me", meRoute, "GET, HEAD, OPTIONS"],
  ["/v1/openapi.json", openApiRoute, "GET, HEAD, OPTIONS"],
])("%s", (path, route, allow) => {
  const handlers = route as unknown as Partial<Record<(typeof methods)[number], Handler>>;
  const unsupported = methods.filter((m) => !allow.split(", ").includes(m));

  it.each(unsupported)("answers %s with a 405 problem and Allow", async (method) => {
    const handler = handlers[method];
    expect(handler, `${method} ${path} is exported`).toBeTypeOf("function");
    const response = await handler!(new Request(`http://beacon.test${path}`, { method }), { params: Promise.resolve({ id: "x" }) });
    expect(response.status).toBe(405);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("allow")).toBe(allow);
    expect(await response.json()).toMatchObject({ code: "method_not_allowed", status: 405 });
  });
});
