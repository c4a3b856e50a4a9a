import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Provider = "stripe" | "conekta";

/** A webhook delivery still to be sent (or retried); persisted so a restart resumes it. */
export interface PendingDelivery {
  id: string;
  eventId: string;
  scope: string;
  endpointId: string;
  attempt: number;
  /** Real time (ms) before which it is not sent. */
  notBefore: number;
}

export interface DeliveryAttempt {
  id: string;
  provider: Provider;
  eventId: string;
  endpointId: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  ok: boolean;
}

/** What webhook delivery persists through: the queue and the log of attempts. */
export interface DeliveryLog {
  readonly deliveryQueue: PendingDelivery[];
  readonly deliveryAttempts: readonly DeliveryAttempt[];
  recordAttempt(attempt: DeliveryAttempt): void;
  touch(): void;
  flush(): void;
}

interface StoredRecord {
  kind: string;
  // The account that owns the object (a Stripe account, a Conekta account).
  scope: string;
  // Insertion order breaks ties between objects created in the same second.
  seq: number;
  model: unknown;
}

export interface RecordState {
  version: 1;
  seq: number;
  records: Record<string, StoredRecord>;
  deliveryQueue: PendingDelivery[];
  deliveryAttempts: DeliveryAttempt[];
}

type ModelMap<M> = { [K in keyof M]: { id: string } };

/**
 * One provider's state as one JSON document (`<dataDir>/sandbox/<name>.json`): typed records,
 * the webhook delivery queue and the delivery log. Writes are write-through at the end of
 * each operation (atomic rename), so a restart sees every acknowledged request.
 *
 * Unscoped stores key records by id alone (Stripe ids are globally unique); scoped stores
 * key them by account too, because Conekta lets merchants choose ids (plans).
 */
export class RecordStore<M extends ModelMap<M>, S extends RecordState> implements DeliveryLog {
  protected state: S;
  private dirty = false;
  private readonly file: string | null;

  constructor(
    dataDir: string | null,
    name: string,
    empty: () => S,
    private readonly scoped: boolean,
  ) {
    this.file = dataDir ? path.join(dataDir, "sandbox", `${name}.json`) : null;
    this.state = this.file && existsSync(this.file) ? this.read(this.file, empty) : empty();
  }

  private read(file: string, empty: () => S): S {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as S;
    if (parsed.version !== 1) throw new Error(`Unsupported sandbox state version in ${file}`);
    // Fields added later (the delivery queue) start empty for older files.
    return { ...empty(), ...parsed };
  }

  private key(id: string, scope: string | undefined): string {
    if (!this.scoped) return id;
    if (scope === undefined) throw new Error("This store needs the account to find an object");
    return `${scope}/${id}`;
  }

  insert<K extends keyof M & string>(kind: K, scope: string, model: M[K]): M[K] {
    this.state.seq += 1;
    this.state.records[this.key(model.id, scope)] = { kind, scope, seq: this.state.seq, model };
    this.dirty = true;
    return model;
  }

  // Models are mutated in place by callers; they must call touch() afterwards.
  touch(): void {
    this.dirty = true;
  }

  remove(id: string, scope?: string): void {
    delete this.state.records[this.key(id, scope)];
    this.dirty = true;
  }

  /** Finds an object of `kind`; with a scope, objects of other accounts are invisible. */
  get<K extends keyof M & string>(kind: K, id: string, scope?: string): M[K] | undefined {
    const record = this.state.records[this.key(id, scope)];
    if (!record || record.kind !== kind) return undefined;
    if (scope !== undefined && record.scope !== scope) return undefined;
    return record.model as M[K];
  }

  /** Newest first, as both providers list. */
  list<K extends keyof M & string>(kind: K, scope?: string): M[K][] {
    return Object.values(this.state.records)
      .filter((r) => r.kind === kind && (scope === undefined || r.scope === scope))
      .sort((a, b) => b.seq - a.seq)
      .map((r) => r.model as M[K]);
  }

  /** Every object of a kind across accounts, oldest first, with its scope (for schedulers). */
  all<K extends keyof M & string>(kind: K): { scope: string; model: M[K] }[] {
    return Object.values(this.state.records)
      .filter((r) => r.kind === kind)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({ scope: r.scope, model: r.model as M[K] }));
  }

  /** The persisted delivery queue; WebhookDelivery edits it in place and calls touch(). */
  get deliveryQueue(): PendingDelivery[] {
    return this.state.deliveryQueue;
  }

  recordAttempt(attempt: DeliveryAttempt): void {
    this.state.deliveryAttempts.push(attempt);
    this.dirty = true;
  }

  get deliveryAttempts(): readonly DeliveryAttempt[] {
    return this.state.deliveryAttempts;
  }

  flush(): void {
    if (!this.dirty || !this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
