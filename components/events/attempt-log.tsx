import { Badge } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { GetEventResponse } from "@/lib/webhooks/events/get-event";

const tones = { processed: "green", ignored: "neutral", failed: "amber", dead: "red" } as const;
const levelColor: Record<string, string> = { error: "text-red-600 dark:text-red-400", warn: "text-amber-600 dark:text-amber-400" };

export function AttemptLog({ attempts }: { attempts: GetEventResponse["attemptLog"] }) {
  const t = useT().events.attempts;
  const format = useFormat();
  if (attempts.length === 0) return <p className="text-sm text-slate-500">{t.none}</p>;
  return (
    <ol className="space-y-4" data-testid="attempts">
      {attempts.map((a, i) => (
        <li key={a.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <strong>{t.attempt(i + 1)}</strong>
            {a.outcome ? <Badge tone={tones[a.outcome]}>{t.outcomes[a.outcome] ?? a.outcome}</Badge> : <Badge tone="blue">{t.running}</Badge>}
            <span className="text-slate-500">{format.dateTime(a.startedAt, { dateStyle: "medium", timeStyle: "medium" })}</span>
            {a.durationMs !== null && <span className="text-slate-500">· {a.durationMs} ms</span>}
            <span className="font-mono text-xs text-slate-500">· {a.worker}</span>
            {a.requestedBy && <Badge tone="blue">{t.requestedBy(a.requestedBy)}</Badge>}
          </div>
          {a.error && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{a.error}</p>}
          {a.logs.length > 0 && (
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs leading-relaxed dark:bg-slate-950">
              {a.logs.map((l, j) => (
                <div key={j} className={levelColor[l.level] ?? ""}>
                  {l.at.slice(11, 23)} {l.level.padEnd(5)} {l.message}
                </div>
              ))}
            </pre>
          )}
        </li>
      ))}
    </ol>
  );
}
