import "server-only";
import { prisma } from "../db";
import { databaseFilePath, databaseProvider, env } from "../env";
import { PostgresqlSnapshotDriver } from "./postgresql-snapshot-driver";
import type { SnapshotDriver } from "./snapshot-driver";
import { SqliteSnapshotDriver } from "./sqlite-snapshot-driver";

/**
 * The snapshot driver for the database behind DATABASE_URL, on a connection of its own (a read
 * snapshot stays open across awaits). The one place the engine picks a driver; close it when done.
 */
export function openSnapshotDriver(): SnapshotDriver {
  return databaseProvider() === "postgresql"
    ? new PostgresqlSnapshotDriver(env().DATABASE_URL)
    : new SqliteSnapshotDriver(databaseFilePath(), prisma);
}
