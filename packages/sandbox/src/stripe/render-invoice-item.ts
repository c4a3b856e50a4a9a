import type { SandboxEngine } from "../engine";
import type { InvoiceItemModel } from "./models-billing";
import { renderPricing } from "./render-invoice";

type Obj = Record<string, unknown>;

export function renderInvoiceItem(engine: SandboxEngine, item: InvoiceItemModel): Obj {
  return {
    id: item.id,
    object: "invoiceitem",
    amount: item.amount,
    currency: item.currency,
    customer: item.customer,
    customer_account: null,
    date: item.created,
    description: item.description,
    discountable: true,
    discounts: [],
    invoice: item.invoice,
    livemode: false,
    metadata: item.metadata,
    parent: null,
    period: { end: item.period_end, start: item.period_start },
    pricing: renderPricing(engine, item.price, item.quantity > 0 ? item.amount / item.quantity : item.amount),
    proration: false,
    quantity: item.quantity,
    quantity_decimal: String(item.quantity),
    tax_rates: [],
    test_clock: engine.store.get("customer", item.customer)?.test_clock ?? null,
  };
}
