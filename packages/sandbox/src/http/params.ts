import type { ParamValue, Params } from "./form";
import { invalidParam, missingParam, unknownParam } from "./errors";

// Typed readers over decoded form params. Everything arrives as a string on the
// wire, so integers and booleans are parsed here with Stripe's error codes.

export function rejectUnknown(params: Params, allowed: readonly string[], prefix = ""): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(prefix ? `${prefix}[${key}]` : key);
  }
}

export function optString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidParam(key, `Invalid string: ${key}`);
  return value;
}

export function reqString(params: Params, key: string): string {
  const value = optString(params, key);
  if (value === undefined || value === "") throw missingParam(key);
  return value;
}

// Stripe treats an empty string as "unset" for nullable fields.
export function optNullableString(params: Params, key: string): string | null | undefined {
  const value = optString(params, key);
  if (value === undefined) return undefined;
  return value === "" ? null : value;
}

export function optInt(params: Params, key: string): number | undefined {
  const value = optString(params, key);
  if (value === undefined || value === "") return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw invalidParam(key, `Invalid integer: ${value}`);
  }
  return Number(value);
}

export function optBool(params: Params, key: string): boolean | undefined {
  const value = optString(params, key);
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidParam(key, `Invalid boolean: ${value}`);
}

export function optObject(params: Params, key: string): Params | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  // An empty string clears a hash in Stripe (e.g. `pause_collection=`).
  if (value === "") return {};
  if (typeof value === "string" || Array.isArray(value)) throw invalidParam(key, `Invalid object: ${key}`);
  return value;
}

export function optArray(params: Params, key: string): ParamValue[] | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === "") return [];
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) throw invalidParam(key, `Invalid array: ${key}`);
  return value;
}

export function stringArray(params: Params, key: string): string[] | undefined {
  const items = optArray(params, key);
  return items?.map((item) => {
    if (typeof item !== "string") throw invalidParam(key, `Invalid array: ${key}`);
    return item;
  });
}

export function asParams(value: ParamValue, param: string): Params {
  if (typeof value === "string" || Array.isArray(value)) throw invalidParam(param, `Invalid object: ${param}`);
  return value;
}

export type Metadata = Record<string, string>;

// Metadata updates merge; a key set to "" is removed, and `metadata=` clears all.
export function applyMetadata(current: Metadata, params: Params): Metadata {
  const raw = params.metadata;
  if (raw === undefined) return current;
  if (raw === "") return {};
  const input = asParams(raw, "metadata");
  const next: Metadata = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== "string") throw invalidParam(`metadata[${key}]`, "Metadata values must be strings.");
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

export function expandPaths(params: Params): string[] {
  return stringArray(params, "expand") ?? [];
}
