// The per-database part of the snapshot engine. Prisma has no streaming cursor, so snapshots use
// the database driver directly (better-sqlite3 now; a pg implementation later) behind this interface.

export type TableSpec = { table: string; columns: readonly string[] };

export interface SnapshotReadTransaction {
  count(table: string, instanceId: string): number;
  /** Rows of one instance in primary-key order, as arrays in `columns` order. */
  rows(spec: TableSpec, instanceId: string): Iterable<unknown[]>;
}

export type RestoreSection = { spec: TableSpec; rows: AsyncIterable<unknown[][]> };

/** What a restore marks as done inside its own transaction, so data and status commit together. */
export type RestoreCompletion = {
  operationId: string;
  leaseOwner: string;
  finishedAt: Date;
  audit: { actorId: string | null; actorEmail: string; backupId: string; detail: string };
  /** Runs last inside the transaction; throw to roll everything back (e.g. a checksum mismatch). */
  beforeCommit: () => void;
};

export interface SnapshotDriver {
  /** Runs `read` inside one read transaction: everything it reads is the data of one instant. */
  withReadTransaction<T>(read: (tx: SnapshotReadTransaction) => Promise<T>): Promise<T>;
  /**
   * Replaces every record of `instanceId` with `sections`, all or nothing, in one transaction
   * that also marks the restore operation succeeded.
   */
  replaceInstanceData(options: {
    instanceId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    completion: RestoreCompletion;
  }): Promise<Record<string, number>>;
  close(): void;
}
