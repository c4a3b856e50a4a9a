// Security headers for every response. next.config.ts sets the static ones on every path (pages,
// /api, /v1, webhooks); proxy.ts adds the Content-Security-Policy with a fresh nonce to pages.
// Imported by next.config.ts, so it depends on nothing but the platform.

export interface HeaderOptions {
  production: boolean;
  /** Beacon's public URL: HSTS only makes sense (and is only sent) when it is https. */
  publicUrl: string;
}

export function staticSecurityHeaders({ production, publicUrl }: HeaderOptions): { key: string; value: string }[] {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  if (production && publicUrl.startsWith("https://")) {
    headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  }
  return headers;
}

/** Answers from /api and /v1 are per-user data: never cached, never rendered as anything but data. */
export const apiHeaders = [
  { key: "Cache-Control", value: "no-store" },
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
];

/**
 * The pages' policy. Scripts run only from Beacon's origin or with this response's nonce (Next
 * stamps it on its own inline scripts); 'strict-dynamic' lets those load the chunks they need.
 * Styles allow inline because React renders `style` attributes. Beacon embeds no third-party
 * script or frame: the provider sandbox's and Stripe's hosted pages are navigated to, not framed.
 */
export function contentSecurityPolicy(nonce: string, { production, publicUrl }: HeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${production ? "" : " ws: wss:"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ];
  if (production && publicUrl.startsWith("https://")) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
