import type { ConektaRouter } from "./api";
import { invalidParam, notFound } from "./errors";
import { pendingLog, renderEvent } from "./events";
import { listResponse } from "./list";
import { getWebhook } from "./webhooks";

export function registerEvents(router: ConektaRouter): void {
  router
    .add("GET", "/events", ({ engine, account, query }) => {
      const type = query.get("type");
      const events = engine.conekta.list("event", account.id).filter((e) => !type || e.type === type);
      return listResponse(engine, events.map(renderEvent), query, "/events");
    })
    .add("GET", "/events/:id", ({ engine, account, path }) => {
      const event = engine.conekta.get("event", path.id ?? "", account.id);
      if (!event) throw notFound("Event", path.id ?? "");
      return renderEvent(event);
    })
    // POST /events/:event_id/resend — { webhooks_ids } get the event again; answers the first one's log
    .add("POST", "/events/:event_id/resend", (ctx) => {
      const event = ctx.engine.conekta.get("event", ctx.path.event_id ?? "", ctx.account.id);
      if (!event) throw notFound("Event", ctx.path.event_id ?? "");
      const ids = ctx.body.webhooks_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== "string")) {
        throw invalidParam("webhooks_ids", "The parameter webhooks_ids must list webhook ids.", "missing");
      }
      const hooks = (ids as string[]).map((id) => getWebhook(ctx, id));
      const inactive = hooks.find((h) => !h.active);
      if (inactive) throw invalidParam("webhooks_ids", `The webhook ${inactive.id} is not active.`, "inactive");
      const logs = hooks.map((hook) => pendingLog(event, hook));
      ctx.engine.conekta.touch();
      ctx.engine.deliver({ provider: "conekta", scope: ctx.account.id, eventId: event.id, endpoints: hooks.map((h) => h.id) });
      const [log] = logs;
      return {
        id: log?.id,
        url: log?.url,
        failed_attempts: log?.failed_attempts,
        last_http_response_status: log?.last_http_response_status,
        last_attempted_at: log?.last_attempted_at,
        response_data: {},
      };
    });
}
