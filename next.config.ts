import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled; the
  // Conekta SDK reads a certificate file relative to its own module at request time.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pino", "conekta"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
