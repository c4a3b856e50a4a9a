import "server-only";
import type { ConnectionsPort } from "../connections-port";

export const conektaConnections = {} satisfies ConnectionsPort;
