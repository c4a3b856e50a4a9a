/** One `npm run beacon -- <name> …` command: its usage lines and what it does. */
export interface CliCommand {
  usage: string;
  run(args: string[]): Promise<void>;
}

/** A failure the operator can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

/** Wrong arguments: printed with the usage, exit code 1. */
export class UsageError extends CliError {}
