export * from "./auth";
export * from "./organizations";
export * from "./api-tokens";
export * from "./audit";
