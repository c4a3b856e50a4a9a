import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { createServer, type Server, type Socket } from "node:net";

// Serves one PGlite instance to many postgres.js connections. PGlite has a single backend
// session, so messages from different connections must never interleave inside one protocol
// unit: pglite-socket's own queue only pins a connection during an explicit transaction, and
// two concurrent extended-protocol queries (Parse/Bind/Execute…Sync) outside one then share the
// unnamed portal and receive each other's rows. This queue pins a connection from its first
// message until its Sync (or simple Query) and, while a transaction is open, until it ends.

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

class ProtocolUnitQueue {
  private queue: Item[] = [];
  private pinned: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  private next(): Item | undefined {
    if (this.pinned === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.pinned);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run() {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, { onRawData: (d) => ((bytes += d.length), item!.onData(d)) }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
        // A startup message begins with its length, not a type byte: it is a whole unit too.
        const type = item.message[0];
        const unitEnds = type === SYNC || type === QUERY || type === 0;
        this.pinned = unitEnds && !this.db.isInTransaction() ? null : item.handlerId;
      }
    } finally {
      this.running = false;
    }
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number) {
    this.queue = this.queue.filter((item) => item.handlerId !== handlerId || (item.reject(new Error("connection closed")), false));
  }

  /** A connection that goes away mid-unit must not leave its transaction, or the pin, behind. */
  async clearTransactionIfNeeded(handlerId: number) {
    if (this.pinned !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.pinned = null;
    void this.run();
  }
}

export type PgliteServerAddress = { path: string } | { host: string; port: number };

/** Starts serving `db`; resolves once listening, with the address (the port when 0 was asked). */
export async function servePglite(db: PGlite, address: PgliteServerAddress) {
  await db.waitReady;
  const queue = new ProtocolUnitQueue(db);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // The handler only calls the queue methods this class implements.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if ("path" in address) server.listen(address.path, resolve);
    else server.listen(address.port, address.host, resolve);
  });
  const bound = server.address();
  return {
    port: typeof bound === "object" && bound ? bound.port : undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
