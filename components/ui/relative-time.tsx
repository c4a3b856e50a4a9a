"use client";

import { useEffect, useState } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 minutes ago", with the exact time on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span className="text-slate-400">never</span>;
  const date = new Date(iso);
  const diff = date.getTime() - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const [unit, ms] = units.find(([, ms]) => Math.abs(diff) >= ms) ?? ["second", 1000];
  return (
    <time dateTime={iso} title={date.toLocaleString()} suppressHydrationWarning>
      {format.format(Math.round(diff / ms), unit)}
    </time>
  );
}
