"use client";

import { Button } from "@/components/ui/button";
import { Badge, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SerializedEndpoint } from "@/lib/connections/list-connections";
import type { SignatureTestResult } from "@/lib/connections/test-webhook-signature";
import { useRotateSecret, useTestSignature } from "@/lib/queries/use-connections";

const kindLabels = {
  stripe_platform: "Stripe · platform events",
  stripe_connect: "Stripe · connected accounts",
  conekta: "Conekta",
} as const;

export function EndpointRow({ org, endpoint, canManage }: { org: string; endpoint: SerializedEndpoint; canManage: boolean }) {
  const test = useTestSignature(org);
  const rotate = useRotateSecret(org);
  const verification = endpoint.lastVerification;
  function onRotate() {
    const scope = endpoint.shared ? " It is Beacon's platform endpoint, shared by every organization connected to Stripe in this mode." : "";
    if (confirm(`Rotate the signing secret of "${kindLabels[endpoint.kind]}"?${scope} The current secret keeps verifying during the overlap.`)) {
      rotate.mutate(endpoint.id);
    }
  }
  return (
    <>
      <tr data-testid="endpoint-row" data-kind={endpoint.kind}>
        <td className="py-2 pr-4 align-top">
          <div className="font-medium">{kindLabels[endpoint.kind]}</div>
          <code className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{endpoint.url}</code>
        </td>
        <td className="py-2 pr-4 align-top">
          <RelativeTime iso={endpoint.lastDeliveryAt} />
        </td>
        <td className="py-2 pr-4 align-top">
          {verification === null ? <span className="text-slate-400">none yet</span> : <Badge tone={verification === "verified" ? "green" : "red"}>{verification}</Badge>}
        </td>
        <td className="py-2 pr-4 align-top text-xs">
          <div>
            created <RelativeTime iso={endpoint.secretCreatedAt} />
          </div>
          <div className="text-slate-500 dark:text-slate-400">{endpoint.verifiedCount} verified</div>
          {endpoint.retiring.map((r) => (
            <div key={r.id} className="text-amber-700 dark:text-amber-400">
              previous verifies until <RelativeTime iso={r.retiresAt} />
            </div>
          ))}
        </td>
        <td className="space-x-2 whitespace-nowrap py-2 text-right align-top">
          {canManage && (
            <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate(endpoint.id)}>
              {test.isPending ? "Waiting for the event…" : "Test signature"}
            </Button>
          )}
          {endpoint.canRotate && (
            <Button variant="ghost" disabled={rotate.isPending} onClick={onRotate}>
              Rotate secret
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
                New secret active; the previous one verifies until {new Date(rotate.data.retiresAt).toLocaleString()}.
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function TestResult({ result }: { result: SignatureTestResult }) {
  const tone = result.ok
    ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
    : "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300";
  return (
    <div data-testid="signature-result" data-outcome={result.outcome} role="status" className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      <p className="font-medium">
        {result.ok ? `Received and verified in ${result.latencyMs} ms` : result.outcome === "rejected" ? "Delivered but rejected" : "Endpoint unreachable"}
      </p>
      <p>{result.detail}</p>
    </div>
  );
}
