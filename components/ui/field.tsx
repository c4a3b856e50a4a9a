import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-slate-700 dark:bg-slate-900";

export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <label className="block space-y-1">
      <span className="text-sm font-medium text-slate-700 dark:text-slate-300">{label}</span>
      {children}
      {hint && !error && <span className="block text-xs text-slate-500">{hint}</span>}
      {error && (
        <span role="alert" className="block text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      )}
    </label>
  );
}

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={control} {...props} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={control} {...props} />;
}

/**
 * Labels a form control for screen readers only. For compact rows (list filters, the plan picker)
 * where the control already says what it is on screen: its hint text, tooltip or first option.
 */
export function HiddenLabel({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <label className={className}>
      <span className="sr-only">{label}</span>
      {children}
    </label>
  );
}

/** A list filter's select (in a GET form): an "all" choice, then each value with its text. */
export function FilterSelect({ label, name, value, all, options, className }: {
  label: string;
  name: string;
  value: string | undefined;
  all: string;
  options: readonly (readonly [value: string, text: string])[];
  className?: string;
}) {
  return (
    <HiddenLabel label={label} className={className}>
      <Select name={name} defaultValue={value ?? ""}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </Select>
    </HiddenLabel>
  );
}
