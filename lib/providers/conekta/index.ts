import "server-only";
import type { ProviderAdapter } from "../index";
import { conektaCheckouts } from "./checkouts";
import { conektaConnections } from "./connections";
import { conektaEvents } from "./events";

export const conektaAdapter: ProviderAdapter = { provider: "conekta", ...conektaConnections, ...conektaCheckouts, ...conektaEvents };
