import { parseArgs } from "node:util";
import { prepareDatabase } from "@/db/migrate";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { parseInput } from "@/lib/api/parse";
import { createApiTokenInput } from "@/lib/validations/api-tokens";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

export const tokens: CliCommand = {
  usage: `tokens create --org <slug> --scope <integration|read> [--scope …] --mode <test|live> [--name <name>]
                                  create an API token and print it (shown only once)`,
  async run([sub, ...rest]) {
    if (sub !== "create") throw new UsageError(`unknown tokens subcommand "${sub ?? ""}"`);
    const { values } = parseArgs({
      args: rest,
      options: { org: { type: "string" }, scope: { type: "string", multiple: true }, mode: { type: "string" }, name: { type: "string" } },
    });
    if (!values.org) throw new UsageError("--org is required");
    const input = parseInput(createApiTokenInput, { name: values.name ?? "CLI token", scopes: values.scope ?? [], mode: values.mode }, "options");
    await prepareDatabase();
    const organization = await organizationBySlug(values.org);
    const created = await createApiToken({
      ctx: { organization, role: "owner", principal: { type: "system", name: "ops CLI" } },
      input,
    });
    console.log(created.token);
  },
};
