import { createServer } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/utils/logger";
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
    const result = await warmRoutes(`http://127.0.0.1:${port}`, ["/demo", "/broken", "/demo/plans"], 1);
    server.close();
    // The quickstart's two first, whatever the order given.
    expect(seen).toEqual(["/demo", "/demo/plans", "/broken"]);
    expect(result.warmed).toBe(2);
  });

  it("compiles the quickstart's routes, a few at a time, before any other, and says when the dashboard is usable", async () => {
    const events: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let usable = false;
    let mostInFlightAfter = 0;
    const server = createServer((req, res) => {
      events.push(`start ${req.url}`);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      if (usable) mostInFlightAfter = Math.max(mostInFlightAfter, inFlight);
      // Pages answer slowly, as they do while compiling: the routes after the quickstart still wait.
      setTimeout(() => {
        inFlight--;
        events.push(`end ${req.url}`);
        res.end("ok");
      }, req.url!.startsWith("/demo") ? 30 : 1);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const urls = routeUrls();
    const logged = vi.spyOn(logger, "info").mockImplementation(((_: unknown, message?: string) => {
      if (message?.includes("the dashboard is usable")) usable = true;
    }) as typeof logger.info);
    const result = await warmRoutes(`http://127.0.0.1:${port}`, urls, 3);
    logged.mockRestore();
    server.close();
    const lastQuickstartEnd = Math.max(...["/sign-in", "/demo", "/demo/connections", "/demo/plans", "/demo/settings", "/demo/checkouts", "/demo/events", "/demo/subscriptions"].map((url) => events.indexOf(`end ${url}`)));
    const firstOtherStart = Math.min(...["/demo/observability", "/demo/fiscal", "/demo/revenue", "/api/metrics"].map((url) => events.indexOf(`start ${url}`)));
    expect(lastQuickstartEnd).toBeGreaterThan(0);
    expect(firstOtherStart).toBeGreaterThan(lastQuickstartEnd);
    expect(events.filter((e) => e.startsWith("start ")).map((e) => e.slice(6)).sort()).toEqual([...urls].sort());
    expect(mostInFlight).toBe(3);
    // Once someone can use the dashboard, the other routes compile one at a time, behind their visits.
    expect(mostInFlightAfter).toBe(1);
    expect(result.warmed).toBe(urls.length);
    expect(result.usableSeconds).toBeLessThanOrEqual(result.seconds);
  });
});
