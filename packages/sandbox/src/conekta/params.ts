import { invalidParam } from "./errors";

// Typed readers over Conekta's JSON bodies; anything wrong is a 422 naming the parameter.

export type Body = Record<string, unknown>;

export function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asBody(value: unknown, param: string): Body {
  if (!isObject(value)) throw invalidParam(param, `The parameter ${param} must be an object.`);
  return value;
}

export function optString(body: Body, key: string, param = key): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParam(param, `The parameter ${param} must be a string.`);
  return value;
}

export function reqString(body: Body, key: string, param = key): string {
  const value = optString(body, key, param)?.trim();
  if (!value) throw invalidParam(param, `The parameter ${param} is required.`, "missing");
  return value;
}

export function optInt(body: Body, key: string, param = key): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw invalidParam(param, `The parameter ${param} must be an integer.`);
  }
  return number;
}

export function reqInt(body: Body, key: string, param = key): number {
  const value = optInt(body, key, param);
  if (value === undefined) throw invalidParam(param, `The parameter ${param} is required.`, "missing");
  return value;
}

export function optBool(body: Body, key: string, param = key): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParam(param, `The parameter ${param} must be a boolean.`);
  return value;
}

export function optStringArray(body: Body, key: string, param = key): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParam(param, `The parameter ${param} must be a list of strings.`);
  }
  return value as string[];
}

export function optObject(body: Body, key: string, param = key): Body | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return asBody(value, param);
}

export function checkUrl(url: string, param: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return url;
  } catch {
    // falls through to the validation error
  }
  throw invalidParam(param, `The parameter ${param} must be a valid URL.`);
}
