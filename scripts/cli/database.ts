import { prepareDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { demo } from "@/lib/auth/demo-account";
import type { CliCommand } from "./types";

export const migrate: CliCommand = {
  usage: "migrate                         apply database migrations",
  async run() {
    await prepareDatabase();
    console.log("migrations applied");
  },
};

export const seed: CliCommand = {
  usage: `seed                            seed the demo organization (slug "${demo.organization.slug}")`,
  async run() {
    await prepareDatabase();
    const { created } = await seedDemo();
    console.log(created ? `seeded organization "${demo.organization.slug}" (user ${demo.email})` : "demo organization already present");
  },
};
