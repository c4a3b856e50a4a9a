import type * as RecordAudit from "@/lib/audit/record-audit";

// The "crash" between a provider call and Beacon's write of its result: the audit entry that
// creating a checkout writes after the provider call fails once, so its transaction rolls back.
// A test file wires it in with
//   vi.mock("@/lib/audit/record-audit", async (importOriginal) =>
//     (await import("@/lib/testing/crash-injection")).recordAuditWithCrash(importOriginal));
// (a dynamic import: vi.mock runs before the file's own imports).

const state = { next: false };

/** The next checkout creation fails after its provider call, before anything is committed. */
export function crashAfterNextProviderCall() {
  state.next = true;
}

export async function recordAuditWithCrash(importOriginal: () => Promise<unknown>): Promise<typeof RecordAudit> {
  const original = (await importOriginal()) as typeof RecordAudit;
  return {
    ...original,
    recordAudit: async (...args: Parameters<typeof original.recordAudit>) => {
      if (state.next && args[2].action === "checkout.created") {
        state.next = false;
        throw new Error("injected crash after the provider call");
      }
      return original.recordAudit(...args);
    },
  };
}
