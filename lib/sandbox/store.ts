import "server-only";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { newId } from "./ids";
import type {
  AccountLinkModel,
  AccountModel,
  CustomerModel,
  PaymentMethodModel,
  PriceModel,
  ProductModel,
  TaxIdModel,
} from "./stripe/models";
import type {
  ChargeModel,
  CheckoutSessionModel,
  EventModel,
  InvoiceModel,
  PaymentIntentModel,
  SubscriptionModel,
  WebhookEndpointModel,
} from "./stripe/models-billing";

export interface Models {
  account: AccountModel;
  account_link: AccountLinkModel;
  product: ProductModel;
  price: PriceModel;
  customer: CustomerModel;
  tax_id: TaxIdModel;
  payment_method: PaymentMethodModel;
  "checkout.session": CheckoutSessionModel;
  subscription: SubscriptionModel;
  invoice: InvoiceModel;
  payment_intent: PaymentIntentModel;
  charge: ChargeModel;
  webhook_endpoint: WebhookEndpointModel;
  event: EventModel;
}
export type Kind = keyof Models;

interface StoredRecord {
  kind: Kind;
  // The Stripe account that owns the object: the platform or a connected account.
  scope: string;
  // Insertion order breaks ties between objects created in the same second.
  seq: number;
  model: Models[Kind];
}

export interface IdempotencyEntry {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  createdAt: number;
}

export interface DeliveryAttempt {
  id: string;
  eventId: string;
  endpointId: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  ok: boolean;
}

interface SandboxState {
  version: 1;
  platformAccountId: string;
  clockOffsetSeconds: number;
  seq: number;
  records: Record<string, StoredRecord>;
  idempotency: Record<string, IdempotencyEntry>;
  deliveryAttempts: DeliveryAttempt[];
}

function emptyState(): SandboxState {
  return {
    version: 1,
    platformAccountId: newId("acct"),
    clockOffsetSeconds: 0,
    seq: 0,
    records: {},
    idempotency: {},
    deliveryAttempts: [],
  };
}

// All sandbox state lives in one JSON document under <dataDir>/sandbox/stripe.json.
// Writes are write-through at the end of each mutating operation (atomic rename),
// so a restart always sees every acknowledged request.
export class SandboxStore {
  private state: SandboxState;
  private dirty = false;
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir ? path.join(dataDir, "sandbox", "stripe.json") : null;
    this.state = this.file && existsSync(this.file) ? this.read(this.file) : emptyState();
  }

  private read(file: string): SandboxState {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as SandboxState;
    if (parsed.version !== 1) throw new Error(`Unsupported sandbox state version in ${file}`);
    return parsed;
  }

  get platformAccountId(): string {
    return this.state.platformAccountId;
  }

  get clockOffsetSeconds(): number {
    return this.state.clockOffsetSeconds;
  }

  set clockOffsetSeconds(value: number) {
    this.state.clockOffsetSeconds = value;
    this.dirty = true;
  }

  insert<K extends Kind>(kind: K, scope: string, model: Models[K] & { id: string }): Models[K] {
    this.state.seq += 1;
    this.state.records[model.id] = { kind, scope, seq: this.state.seq, model };
    this.dirty = true;
    return model;
  }

  // Models are mutated in place by callers; they must call touch() afterwards.
  touch(): void {
    this.dirty = true;
  }

  remove(id: string): void {
    delete this.state.records[id];
    this.dirty = true;
  }

  /** Finds an object of `kind`; with a scope, objects of other accounts are invisible. */
  get<K extends Kind>(kind: K, id: string, scope?: string): Models[K] | undefined {
    const record = this.state.records[id];
    if (!record || record.kind !== kind) return undefined;
    if (scope !== undefined && record.scope !== scope) return undefined;
    return record.model as Models[K];
  }

  kindOf(id: string): { kind: Kind; scope: string } | undefined {
    const record = this.state.records[id];
    return record ? { kind: record.kind, scope: record.scope } : undefined;
  }

  /** Newest first, as Stripe lists are. */
  list<K extends Kind>(kind: K, scope?: string): Models[K][] {
    return Object.values(this.state.records)
      .filter((r) => r.kind === kind && (scope === undefined || r.scope === scope))
      .sort((a, b) => b.seq - a.seq)
      .map((r) => r.model as Models[K]);
  }

  /** Every object of a kind across accounts, with its scope (for the billing scheduler). */
  all<K extends Kind>(kind: K): { scope: string; model: Models[K] }[] {
    return Object.values(this.state.records)
      .filter((r) => r.kind === kind)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({ scope: r.scope, model: r.model as Models[K] }));
  }

  idempotency(key: string): IdempotencyEntry | undefined {
    return this.state.idempotency[key];
  }

  saveIdempotency(key: string, entry: IdempotencyEntry): void {
    this.state.idempotency[key] = entry;
    this.dirty = true;
  }

  pruneIdempotency(olderThan: number): void {
    for (const [key, entry] of Object.entries(this.state.idempotency)) {
      if (entry.createdAt < olderThan) delete this.state.idempotency[key];
    }
  }

  recordAttempt(attempt: DeliveryAttempt): void {
    this.state.deliveryAttempts.push(attempt);
    this.dirty = true;
  }

  get deliveryAttempts(): readonly DeliveryAttempt[] {
    return this.state.deliveryAttempts;
  }

  flush(): void {
    if (!this.dirty || !this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
