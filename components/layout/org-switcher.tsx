"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "@/lib/i18n/i18n-context";
import { CreateOrganizationForm } from "./create-organization-form";

export type OrgSummary = { slug: string; name: string };

export function OrgSwitcher({ current, orgs }: { current: OrgSummary; orgs: OrgSummary[] }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const t = useT();
  return (
    <div className="space-y-2">
      <label className="block text-xs font-medium uppercase tracking-wide text-slate-500" htmlFor="org-switcher">
        {t.shell.organization}
      </label>
      <select
        id="org-switcher"
        value={current.slug}
        onChange={(e) => (e.target.value === "__new" ? setCreating(true) : router.push(`/${e.target.value}`))}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {orgs.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
        <option value="__new">{t.shell.newOrganization}</option>
      </select>
      {creating && <CreateOrganizationForm onCancel={() => setCreating(false)} />}
    </div>
  );
}
