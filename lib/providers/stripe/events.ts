import "server-only";
import type { EventsPort } from "../events-port";

export const stripeEvents = {} satisfies EventsPort;
