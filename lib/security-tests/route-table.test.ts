import { describe, expect, it } from "vitest";
import { httpMethods, loadRoute, routeFiles } from "./harness";
import { routeTable } from "./route-table";

// The matrix is only as good as its table: a route file without an entry, or an entry whose
// file is gone, fails here, naming the file.
describe("route table", () => {
  it("has exactly one entry per route and page file", () => {
    expect(routeFiles.filter((f) => !(f in routeTable)), "route files with no entry in lib/security-tests/route-table.ts").toEqual([]);
    expect(Object.keys(routeTable).filter((f) => !routeFiles.includes(f)), "entries whose file does not exist").toEqual([]);
  });

  it("gives a body for every method it lists and lists no method a route does not export", async () => {
    for (const [file, entry] of Object.entries(routeTable)) {
      if (!file.endsWith("route.ts") || entry.skip) continue;
      const mod = await loadRoute(file);
      const exported = httpMethods.filter((m) => typeof mod[m] === "function");
      expect(exported.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
      for (const method of Object.keys(entry.body ?? {})) expect(exported, `${file}: body for ${method}`).toContain(method);
    }
  });

  it("keeps every skip argued", () => {
    for (const [file, entry] of Object.entries(routeTable)) if (entry.skip !== undefined) expect(entry.skip.length, file).toBeGreaterThan(20);
  });
});
