import type { SandboxEngine } from "../engine";
import { conektaId, hexId } from "../ids";
import { DECLINE_MESSAGES, chargeOutcome, type CardSpec } from "./cards";
import { emitEvent } from "./events";
import type { CardDetails } from "./models";
import type { ChargeModel, OrderModel } from "./models-orders";
import { renderCharge, renderOrder } from "./render-orders";

export type NewOrder = Omit<OrderModel, "id" | "created_at" | "updated_at" | "amount" | "charge_ids">;

/** Stores an order (amount = its line items) and emits `order.created`. */
export function insertOrder(engine: SandboxEngine, account: string, fields: NewOrder, id = conektaId("ord")): OrderModel {
  const now = engine.now();
  const order = engine.conekta.insert("order", account, {
    ...fields,
    id,
    created_at: now,
    updated_at: now,
    amount: fields.line_items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0),
    charge_ids: [],
  });
  emitEvent(engine, account, "order.created", renderOrder(engine, account, order));
  return order;
}

/** Moves an order's payment status and emits `order.<event>` with the previous status. */
export function setOrderStatus(engine: SandboxEngine, account: string, order: OrderModel, status: NonNullable<OrderModel["payment_status"]>, event: string): void {
  const previous = { payment_status: order.payment_status };
  order.payment_status = status;
  order.updated_at = engine.now();
  engine.conekta.touch();
  emitEvent(engine, account, event, renderOrder(engine, account, order), previous);
}

export interface ChargeSource {
  card: CardSpec & Pick<CardDetails, "name">;
  /** The saved card, when the charge uses one. */
  paymentSourceId: string | null;
}

/**
 * Charges a card for the whole order: `charge.created`, then `charge.paid` + `order.paid` or
 * `charge.declined` + `order.declined`. `recurring` charges run without the buyer (renewals).
 */
export function chargeOrder(engine: SandboxEngine, account: string, order: OrderModel, source: ChargeSource, recurring: boolean): ChargeModel {
  const decline = chargeOutcome(source.card, recurring);
  const now = engine.now();
  const { name, brand, last4, bin, exp_month, exp_year, card_type } = source.card;
  const charge = engine.conekta.insert("charge", account, {
    id: hexId(),
    created_at: now,
    order_id: order.id,
    customer_id: order.customer_info.customer_id ?? "",
    amount: order.amount,
    currency: order.currency,
    status: decline ? "declined" : "paid",
    paid_at: decline ? null : now,
    failure_code: decline,
    failure_message: decline ? DECLINE_MESSAGES[decline] : null,
    payment_source_id: source.paymentSourceId,
    card: { name, brand, last4, bin, exp_month, exp_year, card_type },
    description: "Payment from order",
  });
  order.charge_ids.push(charge.id);
  emitEvent(engine, account, "charge.created", renderCharge(charge));
  emitEvent(engine, account, decline ? "charge.declined" : "charge.paid", renderCharge(charge));
  setOrderStatus(engine, account, order, decline ? "declined" : "paid", decline ? "order.declined" : "order.paid");
  return charge;
}
