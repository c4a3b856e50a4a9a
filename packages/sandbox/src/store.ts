import { newId } from "./ids";
import { RecordStore, type RecordState } from "./record-store";
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

export interface IdempotencyEntry {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  createdAt: number;
}

interface StripeState extends RecordState {
  platformAccountId: string;
  // The sandbox clock's offset lives here: one clock for both providers.
  clockOffsetSeconds: number;
  idempotency: Record<string, IdempotencyEntry>;
}

function emptyState(): StripeState {
  return {
    version: 1,
    platformAccountId: newId("acct"),
    clockOffsetSeconds: 0,
    seq: 0,
    records: {},
    idempotency: {},
    deliveryQueue: [],
    deliveryAttempts: [],
  };
}

/** Stripe's state, in `<dataDir>/sandbox/stripe.json`, plus the shared clock offset. */
export class SandboxStore extends RecordStore<Models, StripeState> {
  constructor(dataDir: string | null) {
    super(dataDir, "stripe", emptyState, false);
  }

  get platformAccountId(): string {
    return this.state.platformAccountId;
  }

  get clockOffsetSeconds(): number {
    return this.state.clockOffsetSeconds;
  }

  set clockOffsetSeconds(value: number) {
    this.state.clockOffsetSeconds = value;
    this.touch();
  }

  kindOf(id: string): { kind: Kind; scope: string } | undefined {
    const record = this.state.records[id];
    return record ? { kind: record.kind as Kind, scope: record.scope } : undefined;
  }

  idempotency(key: string): IdempotencyEntry | undefined {
    return this.state.idempotency[key];
  }

  saveIdempotency(key: string, entry: IdempotencyEntry): void {
    this.state.idempotency[key] = entry;
    this.touch();
  }

  pruneIdempotency(olderThan: number): void {
    for (const [key, entry] of Object.entries(this.state.idempotency)) {
      if (entry.createdAt < olderThan) delete this.state.idempotency[key];
    }
  }
}
