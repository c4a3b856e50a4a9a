import "server-only";
import type { z } from "zod";
import { DomainError } from "@/lib/errors";
import { ApiError } from "./errors";

const maxJsonBytes = 64 * 1024;

/** Reads a JSON body and validates it; every failure is a problem naming what is wrong. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > maxJsonBytes) throw new ApiError("payload_too_large", `The body exceeds ${maxJsonBytes} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_body", "The body is not valid JSON.");
  }
  return parseInput(schema, body, "body");
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return parseInput(schema, Object.fromEntries(new URL(req.url).searchParams), "query");
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw DomainError.fromZod(result.error, where);
  return result.data;
}
