import "server-only";
import { Histogram, type Registry } from "prom-client";

interface CountedSeries {
  labels: Record<string, string>;
  /** Cumulative counts, one per bound (the `+Inf` bucket is `count`). */
  cumulative: readonly number[];
  sum: number;
  count: number;
}

/**
 * A histogram whose buckets the database has already counted. prom-client's Histogram takes one
 * observation at a time; this one is given whole series and renders them the same way.
 */
export class CountedHistogram extends Histogram<string> {
  private readonly series: CountedSeries[] = [];

  constructor(private readonly config: { name: string; help: string; labelNames: string[]; buckets: readonly number[]; registry: Registry }) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, buckets: [...config.buckets], registers: [config.registry] });
  }

  setSeries(series: CountedSeries) {
    this.series.push(series);
  }

  // The registry renders through getForPromString when a metric has it, as Histogram does.
  async getForPromString() {
    const { name, help, buckets } = this.config;
    const values = this.series.flatMap(({ labels, cumulative, sum, count }) => [
      ...buckets.map((le, i) => ({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative[i] ?? 0 })),
      { metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: count },
      { metricName: `${name}_sum`, labels, value: sum },
      { metricName: `${name}_count`, labels, value: count },
    ]);
    return { name, help, type: "histogram" as const, values, aggregator: "sum" as const };
  }

  // prom-client's typings declare `type` as a numeric enum; at run time it is the string.
  override get() {
    return this.getForPromString() as unknown as ReturnType<Histogram<string>["get"]>;
  }
}
