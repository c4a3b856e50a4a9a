"use client";

import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatAuditMetadata } from "@/lib/audit/format-audit-metadata";
import { useT } from "@/lib/i18n/i18n-context";
import { useAuditLog } from "@/lib/hooks/use-audit-log";

export function AuditLogPanel({ org }: { org: string }) {
  const log = useAuditLog(org);
  const t = useT();
  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card title={t.settings.audit.title} description={t.settings.audit.description}>
      <ErrorNote error={log.error} />
      <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="audit-log">
        {entries.map((e) => (
          <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
            <div className="min-w-0 break-words">
              {/* The actor is a name (a person's email or a token's own name), not dictionary text. */}
              <Badge tone="blue">{t.settings.audit.actions[e.action] ?? e.action}</Badge> <span className="text-slate-600 dark:text-slate-300" data-i18n-literal>{t.settings.audit.by(e.actorLabel)}</span>
              {Object.keys(e.metadata).length > 0 && (
                <span className="ml-2 break-all font-mono text-xs text-slate-500">
                  {formatAuditMetadata(e.metadata)}
                </span>
              )}
            </div>
            <RelativeTime iso={e.createdAt} />
          </li>
        ))}
      </ul>
      {log.hasNextPage && (
        <Button variant="secondary" className="mt-3" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t.settings.audit.loadOlder}
        </Button>
      )}
    </Card>
  );
}
