import { z } from "zod";

export const fiscalSettingsInput = z.strictObject({
  automaticTax: z.boolean({ error: "Send true or false" }),
});
export type FiscalSettingsInput = z.infer<typeof fiscalSettingsInput>;
