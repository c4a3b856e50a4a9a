import { accountForKey, createAccount } from "./conekta/accounts";
import { CONEKTA_TRIGGERS } from "./conekta/triggers";
import type { SandboxEngine } from "./engine";
import type { Provider } from "./record-store";
import { runFixture, type FixtureDocument } from "./fixtures/runner";
import { shippedFixtures } from "./fixtures/shipped";
import { STRIPE_TRIGGERS } from "./stripe/triggers";

/**
 * What `trigger()` and `POST /_sandbox/trigger` can produce, per provider. Stripe's come from
 * the fixture files in `packages/sandbox/fixtures/` (the CLI's format) and, for the billing flows
 * that need the hosted Checkout page, from built-in flows.
 */
export const TRIGGER_EVENTS: Record<Provider, readonly string[]> = {
  stripe: [...new Set([...shippedFixtures().keys(), ...Object.keys(STRIPE_TRIGGERS)])].sort(),
  conekta: Object.keys(CONEKTA_TRIGGERS),
};

export interface TriggerOptions {
  /** Stripe: a connected account to act in (default: the platform). Conekta: the account or its private key (default: the newest, or a new one). */
  account?: string;
  /** Stripe: run this fixture document (the CLI's format) instead of the shipped one for the event. */
  fixture?: FixtureDocument;
}

export interface TriggerResult {
  provider: Provider;
  event: string;
  /** Where the event lives: the Conekta account, or the Stripe account (connected, for account.updated). */
  account: string;
  /** The triggered event (the last of its type if the flow emits several). */
  event_id: string;
  /** Every event the flow emitted, oldest first. */
  events: { id: string; type: string }[];
}

/** A trigger request the sandbox cannot run (unknown provider, event or account). */
export class TriggerError extends Error {
  constructor(
    message: string,
    readonly supported: readonly string[] = [],
  ) {
    super(message);
  }
}

function stripeEvents(engine: SandboxEngine): { id: string; type: string }[] {
  return engine.store.all("event").map(({ model }) => ({ id: model.id, type: model.type }));
}

function conektaEvents(engine: SandboxEngine, account: string): { id: string; type: string }[] {
  return engine.conekta.list("event", account).reverse().map((e) => ({ id: e.id, type: e.type }));
}

function run(engine: SandboxEngine, provider: Provider, eventType: string, options: TriggerOptions) {
  if (provider === "stripe") {
    const scope = options.account ?? engine.platformId;
    if (scope !== engine.platformId && !engine.store.get("account", scope)) throw new TriggerError(`No such Stripe account: ${scope}`);
    const fixture = options.fixture ?? shippedFixtures().get(eventType);
    if (fixture) {
      const run = runFixture(engine, fixture, { account: scope === engine.platformId ? undefined : scope });
      if (!run.completed) throw new TriggerError(`The ${eventType} fixture stopped: ${run.failure ?? "unknown failure"}`);
      return { account: scope, events: run.events };
    }
    const before = stripeEvents(engine).length;
    STRIPE_TRIGGERS[eventType]?.(engine, scope);
    return { account: scope, events: stripeEvents(engine).slice(before) };
  }
  // An account id, or a merchant's private key (what Beacon holds for a connection).
  const account = options.account
    ? (engine.conekta.get("account", options.account, options.account) ?? accountForKey(engine, options.account))
    : (engine.conekta.list("account").at(0) ?? createAccount(engine));
  if (!account) throw new TriggerError(`No such Conekta account: ${options.account}`);
  const before = conektaEvents(engine, account.id).length;
  CONEKTA_TRIGGERS[eventType]?.(engine, account);
  return { account: account.id, events: conektaEvents(engine, account.id).slice(before) };
}

/**
 * Like `stripe trigger`: creates whatever the event needs through the normal code paths, so
 * the event (and the ones around it) are stored and delivered to webhooks as usual.
 */
export function trigger(engine: SandboxEngine, provider: Provider, eventType: string, options: TriggerOptions = {}): TriggerResult {
  const supported = TRIGGER_EVENTS[provider];
  if (!supported) throw new TriggerError(`Unknown provider "${String(provider)}"; use stripe or conekta.`, Object.keys(TRIGGER_EVENTS));
  if (!supported.includes(eventType) && !(provider === "stripe" && options.fixture)) {
    throw new TriggerError(`Cannot trigger ${provider} event "${eventType}". Supported: ${supported.join(", ")}.`, supported);
  }
  try {
    const { account, events } = run(engine, provider, eventType, options);
    const triggered = events.filter((e) => e.type === eventType).at(-1);
    if (!triggered) throw new Error(`Triggering ${eventType} emitted no such event`);
    const owner = provider === "stripe" ? (engine.store.get("event", triggered.id)?.account ?? account) : account;
    return { provider, event: eventType, account: owner, event_id: triggered.id, events };
  } finally {
    engine.commit();
  }
}
