import "server-only";

/** Providers' events are a few KB; anything over this is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodySource = AsyncIterable<Uint8Array> | string | Uint8Array;

export type ReadBody = { ok: true; bytes: Buffer } | { ok: false; prefix: Buffer; declared: number | null };

/**
 * Reads a request body up to MAX_BODY_BYTES. Both a web ReadableStream (Next route handlers)
 * and a node IncomingMessage are async iterables of bytes, so one reader serves both servers.
 */
export async function readBody(source: BodySource, contentLength: number | null): Promise<ReadBody> {
  if (contentLength !== null && contentLength > MAX_BODY_BYTES) return { ok: false, prefix: Buffer.alloc(0), declared: contentLength };
  if (typeof source === "string" || source instanceof Uint8Array) {
    // A Buffer (or a view on its memory) is used as is: copying 5 KB per delivery buys nothing.
    const bytes = typeof source === "string" ? Buffer.from(source) : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return bytes.length > MAX_BODY_BYTES ? { ok: false, prefix: bytes.subarray(0, MAX_BODY_BYTES), declared: contentLength } : { ok: true, bytes };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (size > MAX_BODY_BYTES) return { ok: false, prefix: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES), declared: contentLength };
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
