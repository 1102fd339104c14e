// Storage that fails on command, one layer below the app: node:fs and node:fs/promises wrapped so
// that, for files under the watched folder, the Nth write (of 16 KiB), fsync or rename fails (EIO),
// or writes fail once a byte budget is spent (ENOSPC, a full disk). A test file installs them with
//
//   vi.mock("node:fs", async (original) => (await import("./support/faulty-fs")).withFaultyWrites(await original()));
//   vi.mock("node:fs/promises", async (original) =>
//     (await import("./support/faulty-fs")).withFaultyFileHandles(await original()));
//
// This module imports no fs itself: it wraps the real modules it is given.
import type * as Fs from "node:fs";
import type * as FsPromises from "node:fs/promises";

export type FaultPoint = "write" | "fsync" | "rename";
export type FaultCounts = Record<FaultPoint, number>;

type Plan = { root: string; failAt?: { point: FaultPoint; call: number }; budgetBytes?: number };

let plan: Plan | null = null;
let counts: FaultCounts = { write: 0, fsync: 0, rename: 0 };
let bytesWritten = 0;
let fired: string | null = null;

export const storageFaults = {
  /**
   * Watches files under `root` from now on, counting their writes, fsyncs and renames. With
   * `failAt`, that call fails with EIO; with `budgetBytes`, writes past it fail with ENOSPC.
   */
  watch(root: string, options: Omit<Plan, "root"> = {}) {
    plan = { root, ...options };
    counts = { write: 0, fsync: 0, rename: 0 };
    bytesWritten = 0;
    fired = null;
  },
  /** Stops watching; returns the calls seen and the fault injected, if one was. */
  stop(): { counts: FaultCounts; fired: string | null } {
    plan = null;
    return { counts, fired };
  },
};

function injected(code: "EIO" | "ENOSPC", syscall: string, path: string): NodeJS.ErrnoException {
  const message = code === "EIO" ? "i/o error" : "no space left on device";
  fired = `${code} at ${syscall} ${counts[syscall as FaultPoint] ?? ""} of ${path}`;
  return Object.assign(new Error(`${code}: ${message}, ${syscall} '${path}' (injected)`), {
    code,
    errno: code === "EIO" ? -5 : -28,
    syscall,
    path,
  });
}

/** Counts one call of `point` on `path`; the error to fail it with, if this is the planned one. */
function hit(point: FaultPoint, path: unknown, bytes = 0): NodeJS.ErrnoException | null {
  if (!plan || typeof path !== "string" || !path.startsWith(plan.root)) return null;
  counts[point]++;
  if (plan.failAt?.point === point && plan.failAt.call === counts[point]) return injected("EIO", point, path);
  bytesWritten += bytes;
  if (point === "write" && plan.budgetBytes !== undefined && bytesWritten > plan.budgetBytes)
    return injected("ENOSPC", "write", path);
  return null;
}

/**
 * Files are written in pieces of this size (the last one shorter), whatever the sizes of the
 * chunks the writer hands over: "the Nth write" is then the same bytes of the same file on every
 * run. (The chunks of a backup vary from run to run on PostgreSQL, where they follow how the
 * network delivered the rows; the bytes of the file don't.)
 */
const pieceBytes = 16 * 1024;

export function withFaultyWrites(real: typeof Fs): typeof Fs {
  const createWriteStream = ((path: Fs.PathLike, options?: Parameters<typeof Fs.createWriteStream>[1]) => {
    const stream = real.createWriteStream(path, options);
    const write = stream._write.bind(stream);
    let pending = Buffer.alloc(0);
    let encoding: BufferEncoding = "utf8"; // as handed over with the chunks (ignored for Buffers)
    /** Writes the whole pieces gathered so far, one write each (with `all`, the shorter rest too). */
    const writePieces = (all: boolean, callback: (error?: Error | null) => void) => {
      if (pending.length < pieceBytes && !(all && pending.length > 0)) return callback();
      const piece = pending.subarray(0, pieceBytes);
      pending = pending.subarray(piece.length);
      const error = hit("write", String(path), piece.length);
      if (error) callback(error);
      else write(piece, encoding, (failed) => (failed ? callback(failed) : writePieces(all, callback)));
    };
    stream._writev = undefined;
    stream._write = (chunk: Buffer, chunkEncoding, callback) => {
      encoding = chunkEncoding;
      pending = Buffer.concat([pending, chunk]);
      writePieces(false, callback);
    };
    stream._final = (callback) => writePieces(true, callback);
    return stream;
  }) as typeof Fs.createWriteStream;
  return { ...real, createWriteStream };
}

export function withFaultyFileHandles(real: typeof FsPromises): typeof FsPromises {
  const open = (async (path: Fs.PathLike, ...rest: [string | number | undefined, Fs.Mode | undefined]) => {
    const handle = await real.open(path, ...rest);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      const error = hit("fsync", String(path));
      if (error) throw error;
      return sync();
    };
    return handle;
  }) as typeof FsPromises.open;
  const rename = (async (from: Fs.PathLike, to: Fs.PathLike) => {
    const error = hit("rename", String(from));
    if (error) throw error;
    return real.rename(from, to);
  }) as typeof FsPromises.rename;
  return { ...real, open, rename };
}
