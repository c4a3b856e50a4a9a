import "server-only";
import type { CheckoutsPort } from "../checkouts-port";

export const stripeCheckouts = {} satisfies CheckoutsPort;
