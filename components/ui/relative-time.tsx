"use client";

import { useEffect, useState } from "react";
import { useFormat, useT } from "@/lib/i18n/i18n-context";

/** "3 minutes ago" in the reader's language, with the exact time on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const format = useFormat();
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span className="text-slate-400">{t.common.never}</span>;
  return (
    <time dateTime={iso} title={format.dateTime(iso)} suppressHydrationWarning>
      {format.relative(iso, now)}
    </time>
  );
}
