import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { routeUrls, warmRoutes } from "./warm-routes";

describe("the dev server's route warm-up", () => {
  it("lists every page and route handler, the quickstart's first, with placeholder ids", () => {
    const urls = routeUrls();
    expect(urls.slice(0, 5)).toEqual(["/sign-in", "/sign-up", "/api/auth/x", "/api/sign-up", "/demo"]);
    for (const url of ["/demo/plans", "/demo/checkouts/00000000-0000-0000-0000-000000000000", "/api/orgs/demo/overview", "/v1/billing/subscription-checkouts", "/api/webhooks/x", "/billing/return"]) {
      expect(urls).toContain(url);
    }
    expect(urls.filter((url) => url.includes("[") || url.includes("("))).toEqual([]);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it("requests each route once, without following redirects, and survives failures", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === "/broken") return req.socket.destroy();
      res.writeHead(req.url === "/demo" ? 307 : 200, { location: "/sign-in" }).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const result = await warmRoutes(`http://127.0.0.1:${port}`, ["/demo", "/broken", "/demo/plans"]);
    server.close();
    expect(seen).toEqual(["/demo", "/broken", "/demo/plans"]);
    expect(result.warmed).toBe(2);
  });
});
