import { newId } from "./ids";
import { RecordStore } from "./record-store";
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

interface StripeMeta {
  platformAccountId: string;
  // The sandbox clock's offset lives here: one clock for both providers.
  clockOffsetSeconds: number;
}

function emptyMeta(): StripeMeta {
  return { platformAccountId: newId("acct"), clockOffsetSeconds: 0 };
}

const IDEMPOTENCY = "idempotency";

/** Stripe's state, in `<dataDir>/sandbox/stripe.jsonl`, plus the shared clock offset. */
export class SandboxStore extends RecordStore<Models, StripeMeta> {
  constructor(dataDir: string | null) {
    super(dataDir, "stripe", emptyMeta, false);
  }

  get platformAccountId(): string {
    return this.meta.platformAccountId;
  }

  get clockOffsetSeconds(): number {
    return this.meta.clockOffsetSeconds;
  }

  set clockOffsetSeconds(value: number) {
    this.meta.clockOffsetSeconds = value;
  }

  kindOf(id: string): { kind: Kind; scope: string } | undefined {
    const found = this.kindAndScope(id);
    return found && { kind: found.kind as Kind, scope: found.scope };
  }

  idempotency(key: string): IdempotencyEntry | undefined {
    return this.table(IDEMPOTENCY).get(key) as IdempotencyEntry | undefined;
  }

  saveIdempotency(key: string, entry: IdempotencyEntry): void {
    this.putEntry(IDEMPOTENCY, key, entry);
  }

  // The table is in write order and sandbox time never goes back: the old entries come first.
  pruneIdempotency(olderThan: number): void {
    for (const [key, entry] of this.table(IDEMPOTENCY)) {
      if ((entry as IdempotencyEntry).createdAt >= olderThan) break;
      this.deleteEntry(IDEMPOTENCY, key);
    }
  }
}
