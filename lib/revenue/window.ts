import type { Window } from "@/db/queries/revenue";
import type { Mode } from "@/db/schema";

/** `2026-11` → the first instant of that month, UTC. */
export const monthStart = (month: string) => new Date(`${month}-01T00:00:00.000Z`);

/** The window of `months` calendar months ending with the month of `last`. */
export function revenueWindow(organizationId: string, mode: Mode, last: Date, months: number): Window {
  const to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1));
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - (months - 1), 1));
  return { organizationId, mode, from, to };
}
