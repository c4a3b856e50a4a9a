import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * A JSON-lines file where each line is one committed operation (an array of changes), appended
 * with a single write so a kill mid-write leaves at most one torn last line, which `read()`
 * drops (and cuts off, so the next append starts on a clean line). `rewrite()` replaces the
 * whole file atomically (temp file, fsync, rename): compaction.
 */
export class AppendLog<Op> {
  private fd: number | null = null;
  /** Bytes appended since the file was last rewritten, to decide when to compact. */
  appended = 0;
  /** Size of the file when it was last read or rewritten. */
  base = 0;

  constructor(readonly file: string) {}

  exists(): boolean {
    return existsSync(this.file);
  }

  /** Every complete line's operations, in order; a torn last line is dropped and truncated. */
  read(apply: (ops: Op[]) => void): void {
    if (!this.exists()) return;
    const text = readFileSync(this.file, "utf8");
    let offset = 0;
    while (offset < text.length) {
      const end = text.indexOf("\n", offset);
      const line = end === -1 ? text.slice(offset) : text.slice(offset, end);
      let ops: Op[] | null = null;
      try {
        ops = end === -1 ? null : (JSON.parse(line) as Op[]);
      } catch {
        ops = null;
      }
      // Only the last line can be torn (each is one write); anything else is corruption.
      if (ops === null) {
        if (end !== -1 && text.indexOf("\n", end + 1) !== -1) throw new Error(`Corrupt sandbox log line in ${this.file} at byte ${offset}`);
        truncateSync(this.file, Buffer.byteLength(text.slice(0, offset)));
        break;
      }
      apply(ops);
      offset = end + 1;
    }
    this.base = Buffer.byteLength(text.slice(0, offset));
    this.appended = 0;
  }

  /** Appends one line made of already serialized operations. */
  append(ops: string[]): void {
    if (ops.length === 0) return;
    if (this.fd === null) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, "a");
    }
    const line = `[${ops.join(",")}]\n`;
    this.appended += writeSync(this.fd, line);
  }

  /** Replaces the file with `lines` (each an operation), atomically. */
  rewrite(lines: Iterable<Op[]>): void {
    this.close();
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, "w");
    let size = 0;
    let chunk = "";
    try {
      for (const ops of lines) {
        chunk += `${JSON.stringify(ops)}\n`;
        if (chunk.length > 1 << 20) {
          size += writeSync(fd, chunk);
          chunk = "";
        }
      }
      size += writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.base = size;
    this.appended = 0;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
