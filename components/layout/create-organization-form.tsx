"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { fetchJson } from "@/lib/queries/fetch-json";

export function CreateOrganizationForm({ onCancel }: { onCancel?: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
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
      <Field label="New organization name">
        <Input name="name" required minLength={2} autoFocus />
      </Field>
      <div className="flex gap-2">
        <Button type="submit">Create</Button>
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
