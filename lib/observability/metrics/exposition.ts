// Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then one sample per line,
// label values escaped (backslash, double quote, newline).

export type MetricType = "counter" | "gauge" | "histogram";
export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
  /** For histograms: `_bucket`, `_sum` or `_count`. */
  suffix?: "_bucket" | "_sum" | "_count";
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export const contentType = "text/plain; version=0.0.4; charset=utf-8";

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatValue(value: number) {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ""}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Cumulative `_bucket` samples plus `_sum` and `_count` for one labelled histogram series. */
export function histogramSamples(labels: Labels, bounds: readonly number[], cumulative: readonly number[], sum: number, count: number): Sample[] {
  return [
    ...bounds.map((le, i) => ({ labels: { ...labels, le: String(le) }, value: cumulative[i] ?? 0, suffix: "_bucket" as const })),
    { labels: { ...labels, le: "+Inf" }, value: count, suffix: "_bucket" },
    { labels, value: sum, suffix: "_sum" },
    { labels, value: count, suffix: "_count" },
  ];
}
