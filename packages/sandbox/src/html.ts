import type { HttpResult } from "./http/api";

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// Hosted pages are plain server-rendered HTML forms, so tests can drive them with fetch.
export function page(title: string, body: string, status = 200, provider = "Stripe"): HttpResult {
  const doc = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1f36}
label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}input,select{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1rem;width:100%;background:#635bff;color:#fff;border:0;border-radius:4px}
.error{color:#df1b41;background:#fff0f3;padding:.5rem;border-radius:4px}.muted{color:#697386;font-size:.85rem}</style>
</head><body><p class="muted">Beacon ${provider} sandbox (test mode)</p>${body}</body></html>`;
  return { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body: doc };
}

export function redirect(location: string): HttpResult {
  return { status: 303, headers: { location, "cache-control": "no-store" }, body: "" };
}
