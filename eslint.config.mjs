import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Core `no-restricted-imports` takes one configuration per file, the last matching block's, so
// each block below lists every pattern that holds for its files.
const restrict = (files, patterns, ignores = []) => ({ files, ignores, rules: { "no-restricted-imports": ["error", { patterns }] } });

// The app reaches the provider sandbox over HTTP only; it starts it through its bin.
const sandboxOverHttp = {
  regex: "(^|/)packages/sandbox(/|$)|^@beacon/sandbox(/|$)",
  message: "The app reaches the sandbox over HTTP only (its control API is /_sandbox/…); it starts it with lib/server/spawn-sandbox.ts.",
};

// The domain speaks no HTTP: under lib/ only lib/api (the edge) may make an ApiError; the rest
// throws DomainError (lib/errors.ts) and lib/api maps its code to a status. app/** may use both.
const apiErrorOnlyAtTheEdge = {
  group: ["@/lib/api/errors", "**/api/errors"],
  importNames: ["ApiError"],
  message: "Throw DomainError from @/lib/errors; lib/api maps its code to an HTTP status.",
};

// The sandbox is a package of its own: nothing from the app.
const appStaysOutOfTheSandbox = {
  regex: "^@/|^(\\.\\./)+(app|lib|db|components|scripts|e2e)(/|$)",
  message: "@beacon/sandbox imports nothing from the app; it stands on its own.",
};

// Transport (routes, pages, components) reaches data through domain verbs in lib/, never the
// database handle or its query helpers; table row types from the schema are fine.
const transportReachesNoDatabase = {
  files: ["app/**", "components/**", "pages/**"],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: [
          { regex: "^@/db(/(?!schema$).*)?$", message: "Transport goes through a domain verb in lib/<domain>/; SQL lives in db/queries behind it." },
          { regex: "^@/db/schema$", allowTypeImports: true, message: "Only row types (import type) come from the schema here." },
        ],
      },
    ],
  },
};

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "db/migrations/**", "test-results/**", "playwright-report/**"] },
  restrict(["**/*.{js,mjs,cjs,ts,tsx,mts}"], [sandboxOverHttp], ["packages/**"]),
  restrict(["lib/**/*.{ts,tsx}"], [sandboxOverHttp, apiErrorOnlyAtTheEdge], ["lib/api/**"]),
  restrict(["packages/sandbox/**"], [appStaysOutOfTheSandbox]),
  transportReachesNoDatabase,
];

export default config;
