import { pgEnum } from "drizzle-orm/pg-core";

// Its own module so organizations (a default provider) and connections both use it without an import cycle.
export const provider = pgEnum("provider", ["stripe", "conekta"]);
