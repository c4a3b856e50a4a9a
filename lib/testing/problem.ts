import { toProblem, type ProblemDetails } from "@/lib/api/errors";

/**
 * What a client is answered when a verb refuses: the domain error as the edge maps it to
 * problem+json (status, wire code, detail, extensions). Domain errors carry no status, so tests
 * that assert one assert it here, where it is decided.
 */
export async function problemOf(attempt: Promise<unknown>): Promise<ProblemDetails> {
  try {
    await attempt;
  } catch (error) {
    return toProblem(error);
  }
  throw new Error("expected the call to be refused, and it succeeded");
}
