import "server-only";
import type { ConnectionsPort } from "../connections-port";

export const stripeConnections = {} satisfies ConnectionsPort;
