// Requests as the dashboard's own pages send them: same origin, JSON bodies. Session route tests
// build theirs here so the origin and media-type checks in withSession see a real browser's shape.

export const testOrigin = "http://beacon.test";

export function sessionRequest(path: string, { method = "GET", json, headers = {} }: { method?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const mutating = method !== "GET" && method !== "HEAD";
  return new Request(`${testOrigin}${path}`, {
    method,
    headers: {
      ...(mutating ? { origin: testOrigin } : {}),
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
}
