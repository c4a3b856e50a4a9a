import "server-only";
import pino from "pino";
import { env } from "@/lib/env";

// Structured JSON logs. Redaction is a second line of defence: secrets are never passed in.
export const logger = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: { service: "beacon" },
  redact: {
    paths: ["*.password", "*.token", "*.secret", "*.authorization", "*.passwordHash", "*.tokenHash"],
    censor: "[redacted]",
  },
});
