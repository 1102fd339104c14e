import "server-only";
import { Transform, type TransformCallback } from "node:stream";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipBlock = promisify(gzip);

/**
 * gzip on several threads: the input is cut into blocks of exactly `blockBytes`, each compressed
 * into a gzip member of its own on libuv's thread pool, `parallel` at a time, and handed on in
 * order. Concatenated members are one valid gzip file (RFC 1952, 2.2) that every gunzip reads
 * whole; a single zlib stream would keep compression, the slowest step of a backup, on one core.
 * Blocks are cut at fixed offsets, whatever the input's chunks, so the same bytes in always give
 * the same file (and checksum). Memory stays bounded: at most `parallel` blocks are in flight and
 * one more is being filled.
 */
export class ParallelGzip extends Transform {
  /** The block being filled, and how much of it is. */
  private filling: Buffer | undefined;
  private fillingBytes = 0;
  /** Blocks whose member is done, to fill again: a new 1 MiB buffer per block would be garbage that only a GC returns. */
  private readonly freeBlocks: Buffer[] = [];
  private readonly inFlight: Promise<Buffer>[] = [];
  private members = 0;

  constructor(private readonly options: { level: number; blockBytes: number; parallel: number }) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const { blockBytes } = this.options;
    for (let at = 0; at < chunk.length;) {
      this.filling ??= this.freeBlocks.pop() ?? Buffer.allocUnsafe(blockBytes);
      const copied = chunk.copy(this.filling, this.fillingBytes, at);
      this.fillingBytes += copied;
      at += copied;
      if (this.fillingBytes === blockBytes) this.compressFilling();
    }
    this.handOnBeyondParallel().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    // Empty input still makes a gzip file: one empty member.
    if (this.fillingBytes > 0 || this.members === 0) this.compressFilling();
    Promise.all(this.inFlight.splice(0)).then((members) => {
      for (const member of members) this.push(member);
      callback();
    }, callback);
  }

  /**
   * Waits for the oldest blocks until no more than `parallel` are in flight, handing each on:
   * that keeps the output in order and the Transform's own backpressure in charge.
   */
  private async handOnBeyondParallel(): Promise<void> {
    while (this.inFlight.length > this.options.parallel) this.push(await this.inFlight.shift()!);
  }

  private compressFilling(): void {
    const block = this.filling ?? Buffer.alloc(0);
    const input = block.subarray(0, this.fillingBytes);
    this.filling = undefined;
    this.fillingBytes = 0;
    // zlib's default 16 KiB output buffers: a buffer the size of the block would save the main
    // thread some twenty trips per member, but leave 1 MiB of garbage per member for the GC to find,
    // and the backup's peak RSS grew by 11% from 250k to 1M records (5% with the default).
    const member = gzipBlock(input, { level: this.options.level });
    // zlib reads the block until the member is done; then it can be filled again.
    const reuse = () => {
      if (block.length === this.options.blockBytes) this.freeBlocks.push(block);
    };
    member.then(reuse, reuse);
    this.inFlight.push(member);
    this.members++;
  }
}
