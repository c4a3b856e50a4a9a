import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { AppendLog } from "./append-log";

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
  /** Jobs in the order they were queued. */
  readonly deliveryQueue: ReadonlyMap<string, PendingDelivery>;
  readonly deliveryAttempts: readonly DeliveryAttempt[];
  /** Adds a job, or records a changed one (its attempt, its backoff). */
  saveDelivery(job: PendingDelivery): void;
  dropDelivery(job: PendingDelivery): void;
  recordAttempt(attempt: DeliveryAttempt): void;
  touch(): void;
  flush(): void;
}

interface StoredRecord {
  key: string;
  kind: string;
  // The account that owns the object (a Stripe account, a Conekta account).
  scope: string;
  // Insertion order breaks ties between objects created in the same second.
  seq: number;
  model: { id: string };
}

/** One change in the log; a line holds the changes of one committed operation. */
export type LogOp =
  | { t: "meta"; v: unknown }
  | { t: "put"; r: Omit<StoredRecord, "key"> }
  | { t: "del"; k: string }
  | { t: "entry"; n: string; k: string; v: unknown }
  | { t: "unentry"; n: string; k: string }
  | { t: "job"; v: PendingDelivery }
  | { t: "unjob"; k: string }
  | { t: "attempt"; v: DeliveryAttempt };

/** Called at flush for every record handed out (or inserted) during the operation. */
export type RecordListener = (kind: string, scope: string, model: { id: string }) => void;

type ModelMap<M> = { [K in keyof M]: { id: string } };

// Compact once the appended tail outgrows the compacted state (amortized O(1) per write).
const COMPACT_MIN_BYTES = 8 << 20;

/**
 * One provider's state: typed records with indexes by id and by (kind, account), small scalar
 * metadata, keyed side tables, the webhook delivery queue and its attempts. With a data dir it
 * persists to `<dataDir>/sandbox/<name>.jsonl`, an append-only log with one line per committed
 * operation holding only what changed, compacted into a fresh file when the log doubles.
 *
 * Callers mutate models in place and call touch(); a record counts as possibly changed when it
 * was handed out (get/list/all/insert) during the operation, and flush() writes those whose
 * JSON differs from what was last written. The cost of an operation is the objects it touched.
 *
 * Unscoped stores key records by id alone (Stripe ids are globally unique); scoped stores
 * key them by account too, because Conekta lets merchants choose ids (plans).
 */
export class RecordStore<M extends ModelMap<M>, Meta extends object> implements DeliveryLog {
  protected meta: Meta;
  private seq = 0;
  private readonly records = new Map<string, StoredRecord>();
  private readonly byKind = new Map<string, Map<string, StoredRecord>>();
  private readonly byKindScope = new Map<string, Map<string, StoredRecord>>();
  private readonly tables = new Map<string, Map<string, unknown>>();
  private readonly queue = new Map<string, PendingDelivery>();
  private readonly attempts: DeliveryAttempt[] = [];
  private readonly handedOut = new Set<StoredRecord>();
  private readonly written = new Map<string, string>();
  private readonly listeners: RecordListener[] = [];
  // This operation's changes, serialized as they happen (models at flush).
  private ops: string[] = [];
  private metaWritten = "";
  private readonly log: AppendLog<LogOp> | null;

  constructor(
    dataDir: string | null,
    name: string,
    empty: () => Meta,
    private readonly scoped: boolean,
  ) {
    this.meta = empty();
    this.log = dataDir ? new AppendLog<LogOp>(path.join(dataDir, "sandbox", `${name}.jsonl`)) : null;
    if (!this.log) return;
    const legacy = path.join(dataDir!, "sandbox", `${name}.json`);
    if (this.log.exists()) this.log.read((ops) => ops.forEach((op) => this.replay(op)));
    else if (existsSync(legacy)) this.importLegacy(legacy);
    // A new store writes its metadata (the platform account's id) with its first operation.
    if (this.log.exists()) this.metaWritten = JSON.stringify(this.meta);
    for (const record of this.records.values()) this.written.set(record.key, JSON.stringify(record.model));
  }

  // The previous format: one JSON document rewritten whole after every operation.
  private importLegacy(file: string): void {
    const state = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & {
      version: number;
      seq: number;
      records: Record<string, Omit<StoredRecord, "key">>;
      deliveryQueue?: PendingDelivery[];
      deliveryAttempts?: DeliveryAttempt[];
      idempotency?: Record<string, unknown>;
    };
    if (state.version !== 1) throw new Error(`Unsupported sandbox state version in ${file}`);
    const { seq, records, deliveryQueue = [], deliveryAttempts = [], idempotency = {}, ...rest } = state;
    const meta: Record<string, unknown> = { ...rest };
    delete meta.version;
    this.meta = { ...this.meta, ...meta };
    for (const record of Object.values(records)) this.index({ ...record, key: this.key(record.model.id, record.scope) });
    this.seq = seq;
    for (const [key, entry] of Object.entries(idempotency)) this.table("idempotency").set(key, entry);
    for (const job of deliveryQueue) this.queue.set(job.id, job);
    this.attempts.push(...deliveryAttempts);
    this.compact();
    renameSync(file, `${file}.imported`);
  }

  private replay(op: LogOp): void {
    if (op.t === "meta") this.meta = { ...this.meta, ...(op.v as Meta) };
    else if (op.t === "put") this.index({ ...op.r, key: this.key(op.r.model.id, op.r.scope) });
    else if (op.t === "del") this.unindex(op.k);
    else if (op.t === "entry") this.table(op.n).set(op.k, op.v);
    else if (op.t === "unentry") this.table(op.n).delete(op.k);
    else if (op.t === "job") this.queue.set(op.v.id, op.v);
    else if (op.t === "unjob") this.queue.delete(op.k);
    else this.attempts.push(op.v);
  }

  private key(id: string, scope: string | undefined): string {
    if (!this.scoped) return id;
    if (scope === undefined) throw new Error("This store needs the account to find an object");
    return `${scope}/${id}`;
  }

  private bucket(map: Map<string, Map<string, StoredRecord>>, name: string): Map<string, StoredRecord> {
    let bucket = map.get(name);
    if (!bucket) map.set(name, (bucket = new Map()));
    return bucket;
  }

  private index(record: StoredRecord): void {
    this.unindex(record.key);
    this.records.set(record.key, record);
    this.bucket(this.byKind, record.kind).set(record.key, record);
    this.bucket(this.byKindScope, `${record.kind}\u0000${record.scope}`).set(record.key, record);
    this.seq = Math.max(this.seq, record.seq);
  }

  private unindex(key: string): void {
    const record = this.records.get(key);
    if (!record) return;
    this.records.delete(key);
    this.byKind.get(record.kind)?.delete(key);
    this.byKindScope.get(`${record.kind}\u0000${record.scope}`)?.delete(key);
  }

  private handOut(record: StoredRecord): StoredRecord {
    this.handedOut.add(record);
    return record;
  }

  protected table(name: string): Map<string, unknown> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }

  private op(op: LogOp): void {
    if (this.log) this.ops.push(JSON.stringify(op));
  }

  protected putEntry(name: string, key: string, value: unknown): void {
    const table = this.table(name);
    table.delete(key); // keeps the table in write order
    table.set(key, value);
    this.op({ t: "entry", n: name, k: key, v: value });
  }

  protected deleteEntry(name: string, key: string): void {
    if (this.table(name).delete(key)) this.op({ t: "unentry", n: name, k: key });
  }

  /** Listens to every record an operation touched, at the end of the operation. */
  onRecordsTouched(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  insert<K extends keyof M & string>(kind: K, scope: string, model: M[K]): M[K] {
    this.seq += 1;
    const record = { key: this.key(model.id, scope), kind, scope, seq: this.seq, model };
    this.index(record);
    this.handOut(record);
    return model;
  }

  // Models are mutated in place by callers; they must call touch() afterwards.
  touch(): void {}

  remove(id: string, scope?: string): void {
    const key = this.key(id, scope);
    const record = this.records.get(key);
    if (!record) return;
    this.unindex(key);
    this.handedOut.delete(record);
    this.written.delete(key);
    this.op({ t: "del", k: key });
  }

  /** Finds an object of `kind`; with a scope, objects of other accounts are invisible. */
  get<K extends keyof M & string>(kind: K, id: string, scope?: string): M[K] | undefined {
    const record = this.records.get(this.key(id, scope));
    if (!record || record.kind !== kind) return undefined;
    if (scope !== undefined && record.scope !== scope) return undefined;
    return this.handOut(record).model as M[K];
  }

  /** Like get(), for reads that change nothing (schedulers): the object is not marked touched. */
  peek<K extends keyof M & string>(kind: K, id: string, scope?: string): M[K] | undefined {
    const record = this.records.get(this.key(id, scope));
    return record?.kind === kind ? (record.model as M[K]) : undefined;
  }

  /** Every object of a kind, in no particular order, without marking them touched. */
  *scan<K extends keyof M & string>(kind: K): Generator<{ scope: string; model: M[K] }> {
    for (const r of this.byKind.get(kind)?.values() ?? []) yield { scope: r.scope, model: r.model as M[K] };
  }

  protected kindAndScope(id: string): { kind: string; scope: string } | undefined {
    const record = this.records.get(id);
    return record && { kind: record.kind, scope: record.scope };
  }

  /** Newest first, as both providers list. */
  list<K extends keyof M & string>(kind: K, scope?: string): M[K][] {
    const bucket = scope === undefined ? this.byKind.get(kind) : this.byKindScope.get(`${kind}\u0000${scope}`);
    return [...(bucket?.values() ?? [])].sort((a, b) => b.seq - a.seq).map((r) => this.handOut(r).model as M[K]);
  }

  /** Every object of a kind across accounts, oldest first, with its scope (for schedulers). */
  all<K extends keyof M & string>(kind: K): { scope: string; model: M[K] }[] {
    return [...(this.byKind.get(kind)?.values() ?? [])]
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({ scope: this.handOut(r).scope, model: r.model as M[K] }));
  }

  /** The insertion rank of an object, for ordering work across kinds. */
  seqOf(id: string, scope?: string): number {
    return this.records.get(this.key(id, scope))?.seq ?? 0;
  }

  get deliveryQueue(): ReadonlyMap<string, PendingDelivery> {
    return this.queue;
  }

  saveDelivery(job: PendingDelivery): void {
    this.queue.set(job.id, job);
    this.op({ t: "job", v: job });
  }

  dropDelivery(job: PendingDelivery): void {
    if (this.queue.delete(job.id)) this.op({ t: "unjob", k: job.id });
  }

  recordAttempt(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
    this.op({ t: "attempt", v: attempt });
  }

  get deliveryAttempts(): readonly DeliveryAttempt[] {
    return this.attempts;
  }

  /** Ends an operation: tells listeners what it touched and appends what changed as one log line. */
  flush(): void {
    const touched = [...this.handedOut];
    this.handedOut.clear();
    for (const record of touched) {
      if (this.records.get(record.key) !== record) continue;
      for (const listener of this.listeners) listener(record.kind, record.scope, record.model);
      if (!this.log) continue;
      const json = JSON.stringify(record.model);
      if (this.written.get(record.key) === json) continue;
      this.written.set(record.key, json);
      const head = JSON.stringify({ kind: record.kind, scope: record.scope, seq: record.seq });
      this.ops.push(`{"t":"put","r":${head.slice(0, -1)},"model":${json}}}`);
    }
    const meta = JSON.stringify(this.meta);
    if (this.log && meta !== this.metaWritten) {
      this.metaWritten = meta;
      this.ops.push(`{"t":"meta","v":${meta}}`);
    }
    const ops = this.ops;
    this.ops = [];
    if (!this.log || ops.length === 0) return;
    this.log.append(ops);
    if (this.log.appended > Math.max(COMPACT_MIN_BYTES, this.log.base)) this.compact();
  }

  /** Rewrites the log as the current state alone (one line per object). */
  compact(): void {
    if (!this.log) return;
    this.log.rewrite(this.stateLines());
  }

  private *stateLines(): Generator<LogOp[]> {
    yield [{ t: "meta", v: this.meta }];
    for (const r of this.records.values()) yield [{ t: "put", r: { kind: r.kind, scope: r.scope, seq: r.seq, model: r.model } }];
    for (const [n, table] of this.tables) for (const [k, v] of table) yield [{ t: "entry", n, k, v }];
    for (const job of this.queue.values()) yield [{ t: "job", v: job }];
    for (const attempt of this.attempts) yield [{ t: "attempt", v: attempt }];
  }

  close(): void {
    this.log?.close();
  }
}
