import { conektaSchedule } from "./conekta/scheduler";
import type { SandboxEngine } from "./engine";
import type { Provider, RecordStore } from "./record-store";
import { stripeSchedule } from "./stripe/scheduler";

/** Work that falls due at sandbox time `at` (a renewal, a retry, an expiry). */
export interface DueTask {
  at: number;
  run: () => void;
}

/** Per kind: the tasks an object has now; `dependsOn` names an object whose changes also change them. */
export type ScheduledKinds<M> = {
  [K in keyof M]?: {
    tasks: (engine: SandboxEngine, scope: string, model: M[K]) => DueTask[];
    dependsOn?: (model: M[K]) => { kind: keyof M & string; id: string } | null | undefined;
    /** The test clock whose time the object lives on (none: the sandbox's own clock). */
    clockOf?: (engine: SandboxEngine, model: M[K]) => string | null | undefined;
  };
};

type AnyKinds = ScheduledKinds<Record<string, { id: string }>>;
type AnyStore = RecordStore<Record<string, { id: string }>, object>;

interface Entry {
  provider: Provider;
  kind: string;
  scope: string;
  id: string;
  at: number;
  rank: number;
  seq: number;
  version: number;
  /** "" for the sandbox's own clock, else a test clock's id: each clock has its own heap. */
  lane: string;
}

type Heap = { entry: Entry; version: number }[];

const MAX_STEPS = 100_000;

// Orders entries by due time, then provider and kind (Stripe's subscriptions first), then age.
function before(a: Entry, b: Entry): boolean {
  return a.at !== b.at ? a.at < b.at : a.rank !== b.rank ? a.rank < b.rank : a.seq < b.seq;
}

/**
 * The earliest due time of every scheduled object, in a heap. An object is re-indexed when an
 * operation touches it (the stores report them at flush), so an advance costs O(due work · log n)
 * instead of rescanning every object at every step.
 */
class DueIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly heaps = new Map<string, Heap>();
  private readonly dependents = new Map<string, Set<string>>();
  private version = 0;

  constructor(private readonly engine: SandboxEngine) {
    const sources: [Provider, AnyStore, AnyKinds][] = [
      ["stripe", engine.store as unknown as AnyStore, stripeSchedule as unknown as AnyKinds],
      ["conekta", engine.conekta as unknown as AnyStore, conektaSchedule as unknown as AnyKinds],
    ];
    let rank = 0;
    for (const [provider, store, kinds] of sources) {
      const ranks = new Map(Object.keys(kinds).map((kind) => [kind, rank++]));
      const refresh = (kind: string, scope: string, model: { id: string }) => this.refresh(provider, store, kinds, ranks, kind, scope, model);
      store.onRecordsTouched(refresh);
      for (const kind of ranks.keys()) for (const { scope, model } of store.scan(kind)) refresh(kind, scope, model);
    }
  }

  private refresh(provider: Provider, store: AnyStore, kinds: AnyKinds, ranks: Map<string, number>, kind: string, scope: string, model: { id: string }): void {
    const key = `${provider}\u0000${scope}\u0000${model.id}`;
    const dependents = this.dependents.get(`${provider}\u0000${kind}\u0000${model.id}`);
    for (const dependent of dependents ?? []) {
      const [depKind = "", depScope = "", depId = ""] = dependent.split("\u0000");
      const found = store.peek(depKind, depId, store === (this.engine.conekta as unknown) ? depScope : undefined);
      if (found) this.refresh(provider, store, kinds, ranks, depKind, depScope, found);
    }
    const schedule = kinds[kind];
    if (!schedule) return;
    const parent = schedule.dependsOn?.(model);
    if (parent) {
      const parentKey = `${provider}\u0000${parent.kind}\u0000${parent.id}`;
      if (!this.dependents.has(parentKey)) this.dependents.set(parentKey, new Set());
      this.dependents.get(parentKey)!.add(`${kind}\u0000${scope}\u0000${model.id}`);
    }
    const tasks = schedule.tasks(this.engine, scope, model);
    if (tasks.length === 0) {
      this.entries.delete(key);
      return;
    }
    const at = Math.min(...tasks.map((t) => t.at));
    const lane = schedule.clockOf?.(this.engine, model) ?? "";
    const current = this.entries.get(key);
    if (current && current.at === at && current.lane === lane) return;
    const entry: Entry = { provider, kind, scope, id: model.id, at, rank: ranks.get(kind)!, seq: store.seqOf(model.id, provider === "conekta" ? scope : undefined), version: ++this.version, lane };
    this.entries.set(key, entry);
    this.push({ entry, version: entry.version });
  }

  /** The earliest object on `lane`'s clock with work due at or before `until`. */
  next(until: number, lane: string): Entry | undefined {
    const heap = this.heaps.get(lane) ?? [];
    for (;;) {
      const top = heap[0];
      if (!top) return undefined;
      const live = this.entries.get(`${top.entry.provider}\u0000${top.entry.scope}\u0000${top.entry.id}`);
      if (live?.version !== top.version) {
        this.pop(heap);
        continue;
      }
      return top.entry.at <= until ? top.entry : undefined;
    }
  }

  /** Re-reads an object's tasks after it ran (or was found stale). */
  recheck(entry: Entry): DueTask | undefined {
    const store = (entry.provider === "stripe" ? this.engine.store : this.engine.conekta) as unknown as AnyStore;
    const model = store.get(entry.kind, entry.id, entry.provider === "conekta" ? entry.scope : undefined);
    const schedule = (entry.provider === "stripe" ? stripeSchedule : conektaSchedule) as unknown as AnyKinds;
    if (!model) {
      this.entries.delete(`${entry.provider}\u0000${entry.scope}\u0000${entry.id}`);
      return undefined;
    }
    const tasks = schedule[entry.kind]!.tasks(this.engine, entry.scope, model);
    // Stable: among tasks due at the same second, the first listed runs first, as before.
    return tasks.reduce<DueTask | undefined>((best, t) => (!best || t.at < best.at ? t : best), undefined);
  }

  forget(entry: Entry): void {
    this.entries.delete(`${entry.provider}\u0000${entry.scope}\u0000${entry.id}`);
  }

  private push(item: { entry: Entry; version: number }): void {
    let heap = this.heaps.get(item.entry.lane);
    if (!heap) this.heaps.set(item.entry.lane, (heap = []));
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!.entry, heap[parent]!.entry)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(heap: Heap): void {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!.entry, heap[m]!.entry)) m = l;
      if (r < heap.length && before(heap[r]!.entry, heap[m]!.entry)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

const indexes = new WeakMap<SandboxEngine, DueIndex>();

function indexOf(engine: SandboxEngine): DueIndex {
  let index = indexes.get(engine);
  if (!index) indexes.set(engine, (index = new DueIndex(engine)));
  return index;
}

/**
 * Runs every task due at or before `until`, of both providers, in time order, moving the
 * clock to each task's time first so generated objects carry the right timestamps. Without
 * `testClock` that is the sandbox's own clock and the objects on it; with one, only the objects
 * bound to that test clock run, at its time, and sandbox time does not move.
 */
export function runDue(engine: SandboxEngine, until: number, testClock?: string): number {
  const index = indexOf(engine);
  let steps = 0;
  for (; steps < MAX_STEPS; ) {
    const entry = index.next(until, testClock ?? "");
    if (!entry) break;
    const task = index.recheck(entry);
    if (!task || task.at > until) {
      // Its work moved (or is gone) without the index hearing of it: re-index and go on.
      index.forget(entry);
      engine.commit();
      continue;
    }
    if (testClock) engine.atTime(task.at, task.run);
    else {
      engine.clock.setTo(task.at);
      task.run();
    }
    engine.commit();
    steps += 1;
  }
  if (steps === MAX_STEPS) throw new Error("Sandbox scheduler did not settle; a task is not making progress");
  if (!testClock) engine.clock.setTo(until);
  engine.store.touch();
  engine.commit();
  return steps;
}
