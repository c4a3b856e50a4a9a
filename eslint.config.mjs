import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The domain speaks no HTTP: under lib/ only lib/api (the edge) may make an ApiError; the rest
// throws DomainError (lib/errors.ts) and lib/api maps its code to a status. app/** may use both.
const apiErrorOnlyAtTheEdge = {
  files: ["lib/**/*.{ts,tsx}"],
  ignores: ["lib/api/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [{ group: ["@/lib/api/errors", "**/api/errors"], importNames: ["ApiError"], message: "Throw DomainError from @/lib/errors; lib/api maps its code to an HTTP status." }],
      },
    ],
  },
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
  apiErrorOnlyAtTheEdge,
  transportReachesNoDatabase,
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "db/migrations/**", "test-results/**", "playwright-report/**"] },
];

export default config;
