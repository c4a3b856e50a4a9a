import type { SandboxEngine } from "../engine";
import { invalidParam, invalidState, missingResource } from "../http/errors";
import { optInt, optString, rejectUnknown } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import { runDue } from "../scheduler";
import type { TestClockModel } from "./models-billing";
import "./models-augment";
import { applyExpand, listResponse } from "./render";

// /v1/test_helpers/test_clocks. Each test clock has its own time (`frozen_time`): customers
// created with `test_clock`, and their subscriptions and invoices, are created at it and their
// renewals, trial ends and retries run only when that clock advances. Everything else lives on
// the sandbox's own clock (`sandbox clock advance`), which never moves bound objects.


export function renderTestClock(c: TestClockModel): Obj {
  return {
    id: c.id,
    object: "test_helpers.test_clock",
    created: c.created,
    deletes_after: c.created + 30 * 86_400,
    frozen_time: c.frozen_time,
    livemode: false,
    name: c.name,
    status: c.status,
    status_details: {},
  };
}

/**
 * The id of the test clock a customer is bound to, if any (read without marking anything
 * touched). It stays after the clock is deleted: its objects stay frozen, never falling back
 * onto sandbox time.
 */
export function clockIdOfCustomer(engine: SandboxEngine, customerId: string): string | undefined {
  return engine.store.peek("customer", customerId)?.test_clock ?? undefined;
}

function clockOfCustomer(engine: SandboxEngine, customerId: string): TestClockModel | undefined {
  const clockId = clockIdOfCustomer(engine, customerId);
  return clockId ? engine.store.peek("test_clock", clockId) : undefined;
}

/** Runs `fn` at the time of the customer's test clock, or at sandbox time for an unbound customer. */
export function atCustomerTime<T>(engine: SandboxEngine, customerId: string, fn: () => T): T {
  return engine.atTime(clockOfCustomer(engine, customerId)?.frozen_time ?? null, fn);
}

/** A route on `/…/:id` of a subscription or invoice that runs at its customer's clock time. */
export function atClockTimeOf(kind: "subscription" | "invoice", handler: (ctx: ApiContext) => Obj): (ctx: ApiContext) => Obj {
  return (ctx) => atCustomerTime(ctx.engine, ctx.engine.store.peek(kind, ctx.path.id ?? "")?.customer ?? "", () => handler(ctx));
}

function getClock({ engine, scope }: ApiContext, id: string): TestClockModel {
  const clock = engine.store.get("test_clock", id, scope);
  if (!clock) throw missingResource("test_clock", id, "test_clock");
  return clock;
}

function requireFrozenTime(ctx: ApiContext): number {
  const value = optInt(ctx.params, "frozen_time");
  if (value === undefined) throw invalidParam("frozen_time", "Missing required param: frozen_time.");
  return value;
}

export function registerTestClocks(router: Router): void {
  router
    .add("POST", "/v1/test_helpers/test_clocks", (ctx) => {
      rejectUnknown(ctx.params, ["frozen_time", "name", "expand"]);
      const clock = ctx.engine.store.insert("test_clock", ctx.scope, {
        id: newId("clock"),
        created: ctx.engine.now(),
        frozen_time: requireFrozenTime(ctx),
        name: optString(ctx.params, "name") ?? null,
        status: "ready",
      });
      ctx.engine.emit(ctx.scope, "test_helpers.test_clock.created", renderTestClock(clock));
      return applyExpand(ctx.engine, renderTestClock(clock), ctx.params, ctx.scope);
    })
    .add("GET", "/v1/test_helpers/test_clocks", ({ engine, params, scope }) =>
      listResponse(engine, engine.store.list("test_clock", scope).map(renderTestClock), params, "/v1/test_helpers/test_clocks", scope),
    )
    .add("GET", "/v1/test_helpers/test_clocks/:id", (ctx) =>
      applyExpand(ctx.engine, renderTestClock(getClock(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope),
    )
    .add("DELETE", "/v1/test_helpers/test_clocks/:id", (ctx) => {
      const clock = getClock(ctx, ctx.path.id ?? "");
      ctx.engine.store.remove(clock.id);
      ctx.engine.emit(ctx.scope, "test_helpers.test_clock.deleted", renderTestClock(clock));
      return { id: clock.id, object: "test_helpers.test_clock", deleted: true };
    })
    .add("POST", "/v1/test_helpers/test_clocks/:id/advance", (ctx) => {
      rejectUnknown(ctx.params, ["frozen_time", "expand"]);
      const { engine, scope } = ctx;
      const clock = getClock(ctx, ctx.path.id ?? "");
      const target = requireFrozenTime(ctx);
      if (target <= clock.frozen_time) {
        throw invalidState("The test clock can only be advanced to a time after its current frozen_time.", "test_clock_advance_not_allowed");
      }
      clock.status = "advancing";
      engine.atTime(clock.frozen_time, () => engine.emit(scope, "test_helpers.test_clock.advancing", renderTestClock(clock)));
      engine.commit();
      // Only the objects bound to this clock move, each task at its own time on this clock.
      runDue(engine, target, clock.id);
      clock.frozen_time = target;
      clock.status = "ready";
      engine.store.touch();
      engine.atTime(target, () => engine.emit(scope, "test_helpers.test_clock.ready", renderTestClock(clock)));
      return applyExpand(engine, renderTestClock(clock), ctx.params, scope);
    });
}
