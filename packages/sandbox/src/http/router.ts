import type { SandboxEngine } from "../engine";
import type { Params } from "./form";

export interface ApiContext {
  engine: SandboxEngine;
  /** Decoded body (POST) or query (GET/DELETE). */
  params: Params;
  /** Path parameters, e.g. `:id`. */
  path: Record<string, string>;
  /** Account the request acts as: the platform, or the `Stripe-Account` header's account. */
  scope: string;
  /** True when the request came with a `Stripe-Account` header. */
  connected: boolean;
}

export type Obj = Record<string, unknown>;
export type ApiHandler<C = ApiContext> = (ctx: C) => Obj;

interface Route<C> {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: ApiHandler<C>;
}

export type RouteMatch<C = ApiContext> = { handler: ApiHandler<C>; path: Record<string, string> };

// A tiny method + path table: `/v1/customers/:id/tax_ids/:tax_id` style patterns. The context
// type is Stripe's by default; Conekta's routes use their own.
export class Router<C = ApiContext> {
  private readonly routes: Route<C>[] = [];

  add(method: string, template: string, handler: ApiHandler<C>): this {
    const keys: string[] = [];
    const source = template.replace(/:([a-z_]+)/g, (_m, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch<C> | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const path: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        path[key] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { handler: route.handler, path };
    }
    return undefined;
  }
}
