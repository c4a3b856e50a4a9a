import { en, type Dictionary } from "./en";
import { es } from "./es";
import type { Locale } from "./locales";

export type { Dictionary };
export const dictionaries: Record<Locale, Dictionary> = { en, es };
