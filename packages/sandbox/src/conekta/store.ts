import { RecordStore } from "../record-store";
import type { AccountModel, ConektaModels } from "./models";

/** Conekta's state, in `<dataDir>/sandbox/conekta.jsonl`; every record is scoped to its account. */
export class ConektaStore extends RecordStore<ConektaModels, object> {
  constructor(dataDir: string | null) {
    super(dataDir, "conekta", () => ({}), true);
  }

  accountByPrivateKey(key: string): AccountModel | undefined {
    return this.all("account").find((a) => a.model.private_key === key)?.model;
  }

  /** The tokenizer page's URL carries only the checkout request id. */
  findCheckoutRequest(id: string): { scope: string; token: ConektaModels["token"] } | undefined {
    const found = this.all("token").find((t) => t.model.checkout?.id === id);
    return found && { scope: found.scope, token: found.model };
  }

  /** Hosted checkout URLs carry only the checkout id. */
  findCheckout(id: string): { scope: string; checkout: ConektaModels["checkout"] } | undefined {
    const found = this.all("checkout").find((c) => c.model.id === id);
    return found && { scope: found.scope, checkout: found.model };
  }
}
