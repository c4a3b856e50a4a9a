export * from "./auth";
export * from "./organizations";
export * from "./api-tokens";
export * from "./audit";
export * from "./connections";
export * from "./billing";
export * from "./events";
export * from "./idempotency";
