import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a command in its own process group (so its children stop with it). */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Child {
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.on("exit", (code) => code && code !== 0 && code !== 143 && console.error(`[bench] ${label} exited ${code}:\n${output}`));
  return {
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          resolve();
        }
      }),
  };
}

export async function waitForHttp(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered at ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface ProcessStat {
  ppid: number;
  comm: string;
  /** user + system CPU time, in clock ticks */
  ticks: number;
}

/** Linux /proc: every process with its parent, name and CPU time. */
function listProcesses(): Map<number, ProcessStat> {
  const processes = new Map<number, ProcessStat>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      processes.set(Number(entry), { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return processes;
}

/** A process and all its descendants, e.g. `npx` → `tsx` → `node`. */
function processTree(rootPid: number, processes = listProcesses()): Set<number> {
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { ppid }] of processes) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** Resident memory of a process and all its descendants, in MiB. */
export function treeRssMiB(rootPid: number): number {
  let kib = 0;
  for (const pid of processTree(rootPid)) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}

// Kernel clock ticks per second for /proc/<pid>/stat times (100 on every Linux this runs on).
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) used so far by a process and its descendants, in ms. Unlike
 * throughput it barely moves when other work shares the machine, so it shows each server's own
 * cost per request.
 */
export function treeCpuMs(rootPid: number): number {
  const processes = listProcesses();
  return cpuMs([...processTree(rootPid, processes)].map((pid) => processes.get(pid)));
}

/**
 * CPU time used so far by this machine's PostgreSQL server (every `postgres` process: backends,
 * WAL writer, checkpointer), in ms; null when the database is not a local PostgreSQL.
 */
export function postgresCpuMs(): number | null {
  const postgres = [...listProcesses().values()].filter((p) => p.comm === "postgres");
  return postgres.length ? cpuMs(postgres) : null;
}

function cpuMs(processes: (ProcessStat | undefined)[]): number {
  const ticks = processes.reduce((sum, p) => sum + (p?.ticks ?? 0), 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}
