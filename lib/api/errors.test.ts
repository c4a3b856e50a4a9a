import { describe, expect, it } from "vitest";
import { DomainError, ProviderError } from "@/lib/errors";
import { ApiError, problemAnswer, problemResponse, toProblem } from "./errors";

describe("the edge's mapping of domain errors", () => {
  it("answers a domain code with its status, title, detail, field errors and extensions", async () => {
    const error = new DomainError("conflict", "Taken.", { errors: [{ field: "slug", message: "Taken" }], details: { reason: "slug_taken" } });
    const response = problemResponse(error, "/api/orgs");
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.text()).toBe(
      JSON.stringify({
        reason: "slug_taken",
        type: "https://beacon.dev/problems/conflict",
        code: "conflict",
        title: "Conflict",
        status: 409,
        detail: "Taken.",
        instance: "/api/orgs",
        errors: [{ field: "slug", message: "Taken" }],
      }),
    );
  });

  it("answers a provider's failure as Beacon's 503 `unavailable`, with Retry-After when the provider asked for patience", () => {
    const limited = problemResponse(new ProviderError("stripe", "provider_unavailable", "Stripe is rate limiting Beacon.", { retryAfterSeconds: 60 }));
    expect(limited.status).toBe(503);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(toProblem(new ProviderError("conekta", "provider_rejected", "Conekta refused."))).toMatchObject({ code: "unavailable", status: 503, title: "Service unavailable" });
  });

  it("keeps the edge's own HTTP refusals and hides anything unexpected behind a 500", () => {
    const answer = problemAnswer(new ApiError("method_not_allowed", "POST only", { headers: { allow: "POST" } }), "/api/webhooks/stripe");
    expect(answer).toMatchObject({ status: 405, headers: { allow: "POST", "content-type": "application/problem+json" } });
    expect(toProblem(new Error("secret internals"))).toMatchObject({ code: "internal", status: 500, detail: "An unexpected error occurred." });
  });
});
