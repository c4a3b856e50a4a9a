// Everything Conekta can send (its webhook guide's full list): Beacon's inbox records and
// explains every event, handled or ignored. `webhook_ping` is the "test signature" event.
export const conektaSubscribedEvents = [
  "charge.created", "charge.paid", "charge.under_fraud_review", "charge.fraudulent", "charge.refunded",
  "charge.preauthorized", "charge.declined", "charge.canceled", "charge.reversed", "charge.pending_confirmation",
  "charge.expired", "charge.score_updated",
  "charge.chargeback.created", "charge.chargeback.updated", "charge.chargeback.under_review",
  "charge.chargeback.lost", "charge.chargeback.won",
  "customer.created", "customer.updated", "customer.deleted",
  "order.canceled", "order.charged_back", "order.created", "order.expired", "order.fraudulent",
  "order.under_fraud_review", "order.paid", "order.partially_refunded", "order.pending_payment",
  "order.pre_authorized", "order.refunded", "order.updated", "order.voided", "order.declined",
  "plan.created", "plan.updated", "plan.deleted",
  "subscription.created", "subscription.paused", "subscription.resumed", "subscription.canceled",
  "subscription.expired", "subscription.updated", "subscription.paid", "subscription.payment_failed",
  "payout.created", "payout.retrying", "payout.paid_out", "payout.failed",
  "webhook_ping",
];
