import { z } from "zod";
import { modes } from "./api-tokens";

// Query strings of the dashboard's Overview, Fiscal and Observability JSON routes: everything
// they show is for one mode (the dashboard's test/live switch).

const mode = z.enum(modes).default("test");

export const modeQuery = z.object({ mode });
export type ModeQuery = z.infer<typeof modeQuery>;

export const chartRanges = ["24h", "7d"] as const;
export type ChartRange = (typeof chartRanges)[number];

export const observabilityQuery = z.object({ mode, range: z.enum(chartRanges).default("24h") });
export type ObservabilityQuery = z.infer<typeof observabilityQuery>;
