import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "db/migrations/**", "test-results/**", "playwright-report/**"] },
  {
    // The app reaches the provider sandbox over HTTP only; it starts it through its bin.
    ignores: ["packages/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)packages/sandbox(/|$)|^@beacon/sandbox(/|$)",
              message: "The app reaches the sandbox over HTTP only (its control API is /_sandbox/…); it starts it with lib/server/spawn-sandbox.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // The sandbox is a package of its own: nothing from the app.
    files: ["packages/sandbox/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/|^(\\.\\./)+(app|lib|db|components|scripts|e2e)(/|$)",
              message: "@beacon/sandbox imports nothing from the app; it stands on its own.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
