import type { SandboxEngine } from "../engine";
import { hexId, randomToken } from "../ids";
import type { AccountModel } from "./models";

/** Private keys with this prefix create their account on first use, so a person can type one. */
const SANDBOX_KEY_PREFIX = "key_sandbox_";

/** A sandbox Conekta account with its private and public keys (test mode only). */
export function createAccount(engine: SandboxEngine, privateKey = `${SANDBOX_KEY_PREFIX}${randomToken(24)}`): AccountModel {
  const id = hexId();
  return engine.conekta.insert("account", id, {
    id,
    created_at: engine.now(),
    name: "Beacon sandbox merchant",
    private_key: privateKey,
    public_key: `key_${randomToken(24)}`,
  });
}

/** The account a private key belongs to; unknown `key_sandbox_…` keys are provisioned. */
export function accountForKey(engine: SandboxEngine, key: string): AccountModel | undefined {
  const known = engine.conekta.accountByPrivateKey(key);
  if (known) return known;
  return key.startsWith(SANDBOX_KEY_PREFIX) && key.length > SANDBOX_KEY_PREFIX.length ? createAccount(engine, key) : undefined;
}
