import "server-only";

/** Providers' events are a few KB; anything over this is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type ReadBody = { ok: true; bytes: Buffer } | { ok: false; prefix: Buffer; declared: number | null };

/**
 * Reads a request body (node's request, an async iterable of bytes) up to MAX_BODY_BYTES. A
 * declared length over the limit is refused unread; a body that runs past it is cut off there.
 */
export async function readBody(source: AsyncIterable<Uint8Array>, contentLength: number | null): Promise<ReadBody> {
  if (contentLength !== null && contentLength > MAX_BODY_BYTES) return { ok: false, prefix: Buffer.alloc(0), declared: contentLength };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (size > MAX_BODY_BYTES) return { ok: false, prefix: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES), declared: contentLength };
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
