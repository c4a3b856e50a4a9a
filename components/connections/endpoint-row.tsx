"use client";

import { Button } from "@/components/ui/button";
import { Badge, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SerializedEndpoint } from "@/lib/connections/list-connections";
import type { SignatureTestResult } from "@/lib/connections/test-webhook-signature";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useRotateSecret, useTestSignature } from "@/lib/hooks/use-connections";
import { ApiVersionLine } from "./api-version-guide";

export function EndpointRow({ org, endpoint, canManage, overlapHours }: { org: string; endpoint: SerializedEndpoint; canManage: boolean; overlapHours: number }) {
  const test = useTestSignature(org);
  const rotate = useRotateSecret(org);
  const dictionary = useT();
  const t = dictionary.connections.endpoints;
  const format = useFormat();
  const kind = t.kinds[endpoint.kind] ?? endpoint.kind;
  const verification = endpoint.lastVerification;
  function onRotate() {
    if (confirm(t.confirmRotate(kind))) {
      rotate.mutate(endpoint.id);
    }
  }
  return (
    <>
      <tr id={`endpoint-${endpoint.id}`} data-testid="endpoint-row" data-kind={endpoint.kind}>
        <td className="py-2 pr-4 align-top">
          <div className="font-medium">{kind}</div>
          <code className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{endpoint.url}</code>
          {endpoint.shared && (
            <p data-testid="endpoint-shared" className="mt-1 max-w-xs text-xs text-slate-500 dark:text-slate-400">
              {t.shared}
            </p>
          )}
          <ApiVersionLine endpoint={endpoint} overlapHours={overlapHours} onAddEndpoint={onRotate} adding={rotate.isPending} />
        </td>
        <td className="py-2 pr-4 align-top">
          <RelativeTime iso={endpoint.lastDeliveryAt} />
        </td>
        <td className="py-2 pr-4 align-top">
          {verification === null ? <span className="text-slate-400">{t.noneYet}</span> : <Badge tone={verification === "verified" ? "green" : "red"}>{verification === "verified" ? t.verified : (dictionary.events.rejections[verification] ?? verification)}</Badge>}
        </td>
        <td className="py-2 pr-4 align-top text-xs">
          <div>
            {t.created} <RelativeTime iso={endpoint.secretCreatedAt} />
          </div>
          <div className="text-slate-500 dark:text-slate-400">{t.verifiedCount(endpoint.verifiedCount)}</div>
          {endpoint.retiring.map((r) => (
            <div key={r.id} className="text-amber-700 dark:text-amber-400">
              {t.previousUntil} <RelativeTime iso={r.retiresAt} />
            </div>
          ))}
        </td>
        <td className="space-x-2 whitespace-nowrap py-2 text-right align-top">
          {canManage && (
            <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate(endpoint.id)}>
              {test.isPending ? t.testing : t.test}
            </Button>
          )}
          {endpoint.canRotate && (
            <Button variant="ghost" disabled={rotate.isPending} onClick={onRotate}>
              {t.rotate}
            </Button>
          )}
        </td>
      </tr>
      {(test.data || test.error || rotate.error || rotate.data) && (
        <tr>
          <td colSpan={5} className="pb-3">
            {test.data && <TestResult result={test.data} />}
            <ErrorNote error={test.error ?? rotate.error} />
            {rotate.data && (
              <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
                {t.rotated(format.dateTime(rotate.data.retiresAt))}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function TestResult({ result }: { result: SignatureTestResult }) {
  const t = useT().connections.endpoints;
  const tone = result.ok
    ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
    : "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300";
  return (
    <div data-testid="signature-result" data-outcome={result.outcome} role="status" className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      <p className="font-medium">
        {result.ok ? t.verifiedIn(result.latencyMs) : result.outcome === "rejected" ? t.rejected : t.unreachable}
      </p>
      <p>{result.detail}</p>
    </div>
  );
}
