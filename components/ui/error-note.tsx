"use client";

import { ProblemError } from "@/lib/hooks/fetch-json";
import { useT } from "@/lib/i18n/i18n-context";

/**
 * A failed request, as the reader's language can say it: the problem's title in that language
 * (by its stable `code`), then the server's detail, which names the specifics.
 */
export function ErrorNote({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const title = error instanceof ProblemError && error.code ? t.problems[error.code] : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
      {title && <strong className="block">{title}</strong>}
      {detail}
    </p>
  );
}
