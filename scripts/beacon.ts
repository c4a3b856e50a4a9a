// Beacon's ops CLI: `npm run beacon -- <command>`. Run `npm run beacon -- help` for the list.
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { closeDatabase, prepareDatabase } from "@/db/migrate";
import { organizations } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { ApiError } from "@/lib/api/errors";
import { parseInput } from "@/lib/api/parse";
import { createApiTokenInput } from "@/lib/validations/api-tokens";

const usage = `Usage: npm run beacon -- <command> [options]

Commands:
  migrate                         apply database migrations
  seed                            seed the demo organization (slug "${demo.organization.slug}")
  tokens create --org <slug> --scope <integration|read> [--scope …] --mode <test|live> [--name <name>]
                                  create an API token and print it (shown only once)
  help                            show this message`;

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate() {
    await prepareDatabase();
    console.log("migrations applied");
  },
  async seed() {
    await prepareDatabase();
    const { created } = await seedDemo();
    console.log(created ? `seeded organization "${demo.organization.slug}" (user ${demo.email})` : "demo organization already present");
  },
  async tokens([sub, ...rest]) {
    if (sub !== "create") throw new UsageError(`unknown tokens subcommand "${sub ?? ""}"`);
    const { values } = parseArgs({
      args: rest,
      options: { org: { type: "string" }, scope: { type: "string", multiple: true }, mode: { type: "string" }, name: { type: "string" } },
    });
    if (!values.org) throw new UsageError("--org is required");
    const input = parseInput(createApiTokenInput, { name: values.name ?? "CLI token", scopes: values.scope ?? [], mode: values.mode }, "options");
    await prepareDatabase();
    const [organization] = await db.select().from(organizations).where(eq(organizations.slug, values.org));
    if (!organization) throw new UsageError(`no organization with slug "${values.org}"`);
    const created = await createApiToken({
      ctx: { organization, role: "owner", principal: { type: "system", name: "ops CLI" } },
      input,
    });
    console.log(created.token);
  },
  async help() {
    console.log(usage);
  },
};

class UsageError extends Error {}

async function main() {
  const [name = "help", ...args] = process.argv.slice(2);
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  await command(args);
}

main()
  .then(async () => {
    await closeDatabase();
    process.exit(0);
  })
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (error instanceof ApiError) console.error(`${error.message}${error.errors ? `\n${error.errors.map((e) => `  ${e.field}: ${e.message}`).join("\n")}` : ""}`);
    else console.error(error);
    process.exit(1);
  });
