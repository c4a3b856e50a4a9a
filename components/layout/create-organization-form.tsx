"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { fetchJson } from "@/lib/hooks/fetch-json";

export function CreateOrganizationForm({ onCancel }: { onCancel?: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const t = useT();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name"));
    try {
      const org = await fetchJson<{ slug: string }>("/api/orgs", { method: "POST", json: { name } });
      router.push(`/${org.slug}`);
      router.refresh();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <ErrorNote error={error} />
      <Field label={t.shell.newOrganizationName}>
        <Input name="name" required minLength={2} autoFocus />
      </Field>
      <div className="flex gap-2">
        <Button type="submit">{t.shell.create}</Button>
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            {t.common.cancel}
          </Button>
        )}
      </div>
    </form>
  );
}
