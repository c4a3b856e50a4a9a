import { z } from "zod";

export const tokenScopes = ["integration", "read"] as const;
export const modes = ["test", "live"] as const;

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token").max(80),
  scopes: z
    .array(z.enum(tokenScopes))
    .min(1, "Choose at least one scope")
    .transform((s) => [...new Set(s)]),
  mode: z.enum(modes),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;
