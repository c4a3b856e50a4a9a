import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
  transportReachesNoDatabase,
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "db/migrations/**", "test-results/**", "playwright-report/**"] },
];

export default config;
