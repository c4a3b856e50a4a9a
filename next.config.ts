import type { NextConfig } from "next";
import { apiHeaders, staticSecurityHeaders } from "./lib/http/security-headers";

// next.config.ts runs before lib/env can (that module is server-only), so it reads the two
// values it needs itself.
const headerOptions = {
  production: process.env.NODE_ENV === "production",
  publicUrl: process.env.BEACON_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? "",
};

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled; the
  // Conekta SDK reads a certificate file relative to its own module at request time; prom-client
  // keeps one default-metrics collector per process. The rest are large server-side libraries
  // Node can require as they are: bundled, `next dev` compiled their thousands of modules into
  // the first request of every route (drizzle-orm, zod and stripe the most). Externals took
  // Overview's first compile from 64 s to 27 s and Observability's from 114 s to 19 s (README,
  // First run).
  serverExternalPackages: [
    "@electric-sql/pglite", "@electric-sql/pglite-socket", "pino", "conekta", "prom-client",
    "stripe", "drizzle-orm", "postgres", "zod", "next-auth", "@auth/drizzle-adapter", "nodemailer", "qs",
  ],
  // The webhook route is a Pages Router route (see pages/api/webhooks): bundle its dependencies
  // as the App Router does, so `server-only` and the rest resolve the same way in both.
  bundlePagesRouterDependencies: true,
  poweredByHeader: false,
  typedRoutes: false,
  // Pages also get a nonce-based Content-Security-Policy from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: staticSecurityHeaders(headerOptions) },
      { source: "/api/:path*", headers: apiHeaders },
      // The OpenAPI document is public and cacheable (its route sets its own Cache-Control).
      { source: "/v1/:path((?!openapi\\.json$).*)", headers: apiHeaders },
    ];
  },
};

export default nextConfig;
