import { conektaDueTasks } from "./conekta/scheduler";
import type { SandboxEngine } from "./engine";
import { stripeDueTasks } from "./stripe/scheduler";

/** Work that falls due at sandbox time `at` (a renewal, a retry, an expiry). */
export interface DueTask {
  at: number;
  run: () => void;
}

const MAX_STEPS = 10_000;

// Derived from current state each step, so nothing extra is persisted and a task's own
// effects (a new period, a retry date) decide what comes next.
function dueTasks(engine: SandboxEngine): DueTask[] {
  return [...stripeDueTasks(engine), ...conektaDueTasks(engine)];
}

/**
 * Runs every task due at or before `until`, of both providers, in time order, moving the one
 * clock to each task's time first so generated objects carry the right timestamps.
 */
export function runDue(engine: SandboxEngine, until: number): number {
  let steps = 0;
  for (; steps < MAX_STEPS; steps += 1) {
    const next = dueTasks(engine)
      .filter((task) => task.at <= until)
      .sort((a, b) => a.at - b.at)[0];
    if (!next) break;
    engine.clock.setTo(next.at);
    next.run();
    engine.commit();
  }
  if (steps === MAX_STEPS) throw new Error("Sandbox scheduler did not settle; a task is not making progress");
  engine.clock.setTo(until);
  engine.store.touch();
  engine.commit();
  return steps;
}
