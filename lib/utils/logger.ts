import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type LoggerOptions } from "pino";
import { env } from "@/lib/env";
import { scrubSecrets } from "./scrub-secrets";

// Structured JSON logs. Every line carries the correlation ids of the work it belongs to
// (request, event, checkout, subscription), taken from an async context so code deep in a call
// never has to thread them through. Secrets are never passed in on purpose; redaction by key and
// scrubbing of recognisable secret or card text are the second line of defence.

export interface LogContext {
  requestId?: string;
  eventId?: string;
  providerEventId?: string;
  checkoutId?: string;
  subscriptionId?: string;
  organizationId?: string;
}

// One store per process, shared by every module instance the bundler may create.
const g = globalThis as { __beaconLogContext?: AsyncLocalStorage<LogContext> };
const contextStore = (g.__beaconLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `work` with these correlation ids added to every log line written inside it. */
export function withLogContext<T>(ids: LogContext, work: () => T): T {
  return contextStore.run({ ...contextStore.getStore(), ...ids }, work);
}

/** The correlation ids of the current work, e.g. to echo a request id. */
export function currentLogContext(): LogContext {
  return contextStore.getStore() ?? {};
}

const sensitiveKeys = [
  "password",
  "passwordHash",
  "token",
  "tokenHash",
  "secret",
  "secretKey",
  "privateKey",
  "apiKey",
  "accessToken",
  "credential",
  "authorization",
  "cookie",
  "card",
  "cvc",
  "cvv",
  "rawBody",
  '["stripe-signature"]',
  "digest",
];
// fast-redact matches exact depths: the key itself, and one to three levels down.
const redactPaths = sensitiveKeys.flatMap((k) => {
  const nested = k.startsWith("[") ? k : `.${k}`;
  return [k, `*${nested}`, `*.*${nested}`, `*.*.*${nested}`];
});

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream) {
  return pino(
    {
      level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
      base: { service: "beacon" },
      mixin: () => ({ ...contextStore.getStore() }),
      redact: { paths: redactPaths, censor: "[redacted]" },
      // Errors are serialized (and scrubbed) by the formatter, which runs before serializers.
      formatters: { log: (object) => scrubSecrets(object) as Record<string, unknown> },
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
      ...options,
    },
    destination ?? pino.destination(1),
  );
}

export const logger = createLogger();
