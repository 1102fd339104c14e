import type { Readable } from "node:stream";

/**
 * Where backup files live: a local directory or an S3-compatible bucket. `put` must be atomic: a
 * reader never sees a partially written object.
 */
export interface BackupStorage {
  /** Throws StorageUnavailableError, saying what to fix, when the storage cannot be used at all. */
  checkReachable(): Promise<void>;
  /**
   * Streams `source` into `key`; the object appears only once fully written. Where the storage
   * supports it, an existing object is never replaced (ObjectExistsError).
   */
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

/** The configured storage cannot be used (a missing bucket, denied access): nothing can be stored. */
export class StorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`The backup storage cannot be used: ${detail}`);
    this.name = "StorageUnavailableError";
  }
}

/** A create-only write found the object already there. */
export class ObjectExistsError extends Error {
  constructor(key: string) {
    super(`The object ${key} already exists in the backup storage.`);
    this.name = "ObjectExistsError";
  }
}
