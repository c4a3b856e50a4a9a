import "server-only";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createConnection } from "node:net";
import path from "node:path";

// The embedded database: a PGlite folder served over the Postgres wire protocol on a Unix
// socket, so the app, the CLI and workers all use postgres.js exactly as against a real
// server. A PGlite folder may be opened by one process only: whichever process starts first
// takes a lock file and serves the socket; the others connect to it.

export function embeddedSocketPath(dataDir: string) {
  return path.join(dataDir, "pglite.sock");
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock, or returns the pid of the live process that holds it. */
function takeLock(lockPath: string): number | "taken" {
  for (;;) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return "taken";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lockPath, "utf8"));
      if (holder && holder !== process.pid && isAlive(holder)) return holder;
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
}

export interface EmbeddedServer {
  socketPath: string;
  /** True when this process serves the folder; false when another process already did. */
  owned: boolean;
  stop(): Promise<void>;
}

type Global = { __beaconEmbedded?: Promise<EmbeddedServer> };

/** Stops the embedded server if this process serves it (lets PGlite close its files cleanly). */
export async function stopEmbeddedDatabase() {
  const g = globalThis as Global;
  const server = await g.__beaconEmbedded?.catch(() => undefined);
  delete g.__beaconEmbedded;
  await server?.stop();
}

/** Makes sure the embedded database is being served, starting it in this process if nobody does. */
export function ensureEmbeddedDatabase(dataDir: string): Promise<EmbeddedServer> {
  const g = globalThis as Global;
  return (g.__beaconEmbedded ??= serve(dataDir).catch((error) => {
    delete g.__beaconEmbedded;
    throw error;
  }));
}

async function serve(dataDir: string): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  const socketPath = embeddedSocketPath(dataDir);
  const lockPath = path.join(dataDir, "pglite.lock");
  const notOwned = { socketPath, owned: false, stop: async () => {} };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await canConnect(socketPath)) return notOwned;
    const holder = takeLock(lockPath);
    if (holder === "taken") break;
    // Another live process holds the folder and is still starting: wait for its socket.
    if (Date.now() > deadline) throw new Error(`embedded database held by pid ${holder} never came up`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const release = () => rmSync(lockPath, { force: true });
  process.once("exit", release);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { servePglite } = await import("./pglite-server");
    if (existsSync(socketPath)) rmSync(socketPath); // left by a process that died
    const pglite = await PGlite.create(path.join(dataDir, "pglite"));
    const server = await servePglite(pglite, { path: socketPath });
    return {
      socketPath,
      owned: true,
      async stop() {
        await server.close();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
