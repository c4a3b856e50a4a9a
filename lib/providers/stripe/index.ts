import "server-only";
import type { ProviderAdapter } from "../index";
import { stripeCheckouts } from "./checkouts";
import { stripeConnections } from "./connections";
import { stripeEvents } from "./events";

export const stripeAdapter: ProviderAdapter = { provider: "stripe", ...stripeConnections, ...stripeCheckouts, ...stripeEvents };
