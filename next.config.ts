import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled; the
  // Conekta SDK reads a certificate file relative to its own module at request time.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pino", "conekta"],
  // The webhook route is a Pages Router route (see pages/api/webhooks): bundle its dependencies
  // as the App Router does, so `server-only` and the rest resolve the same way in both.
  bundlePagesRouterDependencies: true,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
