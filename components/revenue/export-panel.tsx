"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useMode } from "@/components/layout/mode-context";
import { useT } from "@/lib/i18n/i18n-context";
import { exportFormats, exportKinds, type ExportFormat, type ExportKind } from "@/lib/validations/revenue";

/** Downloads one month of invoices, subscriptions or the event log: a plain link to the streamed route. */
export function ExportPanel({ org, defaultMonth }: { org: string; defaultMonth: string }) {
  const t = useT();
  const mode = useMode();
  const [kind, setKind] = useState<ExportKind>("invoices");
  const [month, setMonth] = useState(defaultMonth);
  const [format, setFormat] = useState<ExportFormat>("csv");
  const href = `/api/orgs/${encodeURIComponent(org)}/exports/${kind}?${new URLSearchParams({ mode, month, format })}`;
  return (
    <Card title={t.exports.title} description={t.exports.description}>
      <div className="grid gap-3 sm:grid-cols-4 sm:items-end">
        <Field label={t.exports.kind}>
          <Select value={kind} onChange={(e) => setKind(e.target.value as ExportKind)} data-testid="export-kind">
            {exportKinds.map((k) => (
              <option key={k} value={k}>
                {t.exports.kinds[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.exports.month}>
          <Input type="month" value={month} onChange={(e) => setMonth(e.target.value)} required data-testid="export-month" />
        </Field>
        <Field label={t.exports.format}>
          <Select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
            {exportFormats.map((f) => (
              <option key={f} value={f}>
                {f.toUpperCase()}
              </option>
            ))}
          </Select>
        </Field>
        <a
          href={href}
          download
          data-testid="export-download"
          className="inline-flex items-center justify-center rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          {t.exports.download}
        </a>
      </div>
    </Card>
  );
}
