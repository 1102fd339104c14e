import type { Readable } from "node:stream";

/**
 * Where backup files live. Local disk today; an S3-compatible object store later implements the
 * same calls. `put` must be atomic: a reader never sees a partially written object.
 */
export interface BackupStorage {
  /** Streams `source` into `key`; the object appears only once fully written. */
  put(key: string, source: Readable): Promise<{ bytes: number }>;
  /** Streams the object; fails with a NotFound-style error when it does not exist. */
  get(key: string): Readable;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Size of the object, or null when it does not exist. */
  stat(key: string): Promise<{ bytes: number } | null>;
  /** Every complete object, for the orphan sweep; objects still being written are not listed. */
  list(): AsyncIterable<StoredObject>;
  /**
   * Removes writes that never completed and were last touched before `olderThan` (a crashed
   * worker's temporary files; an object store's abandoned multipart uploads); returns their names.
   */
  removeIncomplete(olderThan: Date): Promise<string[]>;
}

export type StoredObject = { key: string; bytes: number; modifiedAt: Date };
