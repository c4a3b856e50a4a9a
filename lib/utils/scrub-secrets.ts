// Masks text that looks like a credential or a card number wherever it appears in a log line:
// messages, error messages and stacks, and string fields under any key. Keys alone cannot
// catch a secret quoted inside an error message from a provider SDK.

const secretPatterns: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "[redacted private key]"],
  [/\b(sk|rk)_(test|live)_[A-Za-z0-9]{6,}/g, "$1_$2_[redacted]"],
  [/\bwhsec_[A-Za-z0-9+/=_-]{6,}/g, "whsec_[redacted]"],
  [/\bbcn_(test|live)_[A-Za-z0-9]{6,}/g, "bcn_$1_[redacted]"],
  [/\bkey_[A-Za-z0-9_]{10,}/g, "key_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
];

// 14–19 digits, optionally grouped by spaces or dashes: a PAN. 13-digit runs are left alone,
// they are usually millisecond timestamps; a Luhn check spares most other long numbers.
const panPattern = /(?<![\w-])\d(?:[ -]?\d){13,18}(?![\w-])/g;

function passesLuhn(digits: string) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out.replace(panPattern, (match) => {
    const digits = match.replace(/[ -]/g, "");
    return passesLuhn(digits) ? `[card ${digits.slice(-4)}]` : match;
  });
}

/** A copy of `value` with every string scrubbed; errors become plain objects so their text is scrubbed too. */
export function scrubSecrets(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    const { message, stack, name } = value;
    const extra = Object.fromEntries(Object.entries(value));
    const cause = (value as { cause?: unknown }).cause;
    return scrubSecrets({ type: name, message, stack, ...extra, ...(cause ? { cause } : {}) }, seen, depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, seen, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubSecrets(v, seen, depth + 1);
  return out;
}
