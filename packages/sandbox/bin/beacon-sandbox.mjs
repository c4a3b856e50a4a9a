#!/usr/bin/env node
// The sandbox is TypeScript run through tsx (a dependency of this package), so `next start`
// and the tests start the same source that the package's own tests exercise.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
