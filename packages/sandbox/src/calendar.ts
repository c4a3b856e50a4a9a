
// Billing-period arithmetic shared by both providers' subscriptions.

export interface Every {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` plus n intervals; months clamp to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addIntervals(anchor: number, every: Every, n: number): number {
  const date = new Date(anchor * 1000);
  const steps = every.interval_count * n;
  if (every.interval === "day") return anchor + steps * 86_400;
  if (every.interval === "week") return anchor + steps * 7 * 86_400;
  const months = every.interval === "year" ? steps * 12 : steps;
  const totalMonth = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(totalMonth / 12);
  const month = ((totalMonth % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Math.floor(
    Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()) / 1000,
  );
}
