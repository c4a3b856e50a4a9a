import type { SandboxEngine } from "../engine";
import { conektaId, hexId } from "../ids";
import type { EventModel, WebhookLogModel, WebhookModel } from "./models-orders";

type Obj = Record<string, unknown>;

/**
 * Records a Conekta event and queues it for delivery when the operation commits. `data` is
 * `{ object, previous_attributes }` for object events; `only` limits delivery to some webhooks
 * (a webhook test ping).
 */
export function recordEvent(engine: SandboxEngine, account: string, type: string, data: Obj, only?: string[]): EventModel {
  const event = engine.conekta.insert("event", account, {
    id: hexId(),
    created_at: engine.now(),
    type,
    data,
    webhook_logs: [],
  });
  engine.deliver({ provider: "conekta", scope: account, eventId: event.id, endpoints: only });
  return event;
}

/** An object event: `data.object` is the object now, `data.previous_attributes` what changed. */
export function emitEvent(engine: SandboxEngine, account: string, type: string, object: Obj, previous: Obj = {}): EventModel {
  return recordEvent(engine, account, type, { object, previous_attributes: previous });
}

/** The attributes of `before` whose values differ in `after` (Conekta's previous_attributes). */
export function changedAttributes(before: Obj, after: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(before)) {
    if (JSON.stringify(value) !== JSON.stringify(after[key])) out[key] = value;
  }
  return out;
}

/** The event's log for a webhook, created (or reset) as pending: one log per webhook, across resends. */
export function pendingLog(event: EventModel, hook: WebhookModel): WebhookLogModel {
  let log = event.webhook_logs.find((l) => l.webhook_id === hook.id);
  if (!log) {
    log = { id: conektaId("webhl"), webhook_id: hook.id, url: hook.url, failed_attempts: 0, last_http_response_status: -1, last_attempted_at: 0, state: "pending" };
    event.webhook_logs.push(log);
  }
  log.state = "pending";
  return log;
}

// All webhooks answered: successful; any gave up: failed; otherwise still pending.
function webhookStatus(logs: WebhookLogModel[]): string {
  if (logs.some((log) => log.state === "failed")) return "failed";
  if (logs.some((log) => log.state === "pending")) return "pending";
  return "successful";
}

function renderWebhookLog(log: WebhookLogModel): Obj {
  return {
    id: log.id,
    url: log.url,
    failed_attempts: log.failed_attempts,
    last_http_response_status: log.last_http_response_status,
    response_data: null,
    object: "webhook_log",
    last_attempted_at: log.last_attempted_at,
  };
}

export function renderEvent(event: EventModel): Obj {
  return {
    id: event.id,
    object: "event",
    type: event.type,
    created_at: event.created_at,
    livemode: false,
    data: event.data,
    webhook_status: webhookStatus(event.webhook_logs),
    webhook_logs: event.webhook_logs.map(renderWebhookLog),
  };
}
