// Where to go after signing in or up: only a path on Beacon itself. Used by the auth forms and by
// next-auth's redirect callback, so `callbackUrl` cannot send anyone off-site however it is
// spelled (`//host`, `/\host`, `%2F%2Fhost`, a tab between the slashes, `javascript:`…).

const home = "/";
const base = "http://beacon.invalid";
// Controls and whitespace: browsers drop tabs and newlines inside URLs, so `/\t/evil` is `//evil`.
const forbidden = /[\u0000-\u0020\u007f-\u009f\\]/;

function decodesCleanly(value: string): string | null {
  let current = value;
  // Decode until stable (a few rounds): `%252F%252F` is `//` to anything that decodes twice.
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * Returns `value` as a same-origin path (`/acme/events?x=1#y`) or `/`. `origin` (e.g.
 * `https://beacon.example.com`) lets an absolute URL to Beacon itself through.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return home;
  let candidate = value;
  if (!candidate.startsWith("/")) {
    if (!origin) return home;
    let absolute: URL;
    try {
      absolute = new URL(candidate);
    } catch {
      return home;
    }
    if (absolute.origin !== new URL(origin).origin || forbidden.test(candidate)) return home;
    candidate = `${absolute.pathname}${absolute.search}${absolute.hash}`;
  }
  const decoded = decodesCleanly(candidate);
  if (decoded === null || forbidden.test(candidate) || forbidden.test(decoded)) return home;
  if (decoded.startsWith("//")) return home;
  let url: URL;
  try {
    url = new URL(candidate, base);
  } catch {
    return home;
  }
  // Normalization can make `//` again (`/.//evil.example`); such a path is protocol-relative.
  if (url.origin !== base || url.pathname.startsWith("//") || decodesCleanly(url.pathname)?.startsWith("//")) return home;
  return `${url.pathname}${url.search}${url.hash}`;
}
