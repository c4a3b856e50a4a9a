import "server-only";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The text of a verified body, for parsing and storing: UTF-8 without a leading byte-order mark.
 * Signatures are always checked on the bytes as received, BOM included; only the parse skips it
 * (JSON.parse refuses a BOM, and every later reader of the stored body parses it again).
 */
export function bodyText(bytes: Buffer): string {
  return (bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes).toString("utf8");
}
