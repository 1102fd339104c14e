import "server-only";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { Mutex } from "async-mutex";
import { databaseFilePath, databaseProvider, env } from "./env";
import { postgresqlPrismaClient } from "./postgresql/postgresql-prisma-client";

// One client per process; dev hot reload would otherwise open a new pool on every edit.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** How long a statement keeps retrying while another connection holds SQLite's write lock. */
const busyWaitMs = 30_000;

function isBusy(error: unknown): boolean {
  return (error as { cause?: { originalCode?: string } } | null)?.cause?.originalCode === "SQLITE_BUSY";
}

/**
 * Retries `run` while the database is locked, sleeping between tries. better-sqlite3's own busy
 * timeout would wait synchronously and freeze the whole process (every request of the web server)
 * for as long as a large restore holds the write lock; this wait leaves the event loop free.
 */
async function whileBusy<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + busyWaitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The better-sqlite3 adapter gives each process one connection and serializes only transactions:
 * a plain query issued while another caller's interactive transaction is open runs inside that
 * transaction, and is lost if it rolls back. Here every query waits its turn, and a transaction
 * takes the write lock when it begins (BEGIN IMMEDIATE, retried without blocking), so no statement
 * inside it can meet a locked database half-way. Code inside a transaction must use its `tx`
 * client, never the global one, or it would wait for itself. A server database with a connection
 * pool needs none of this.
 */
function oneAtATime(adapter: Adapter): Adapter {
  const lock = new Mutex();
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => lock.runExclusive(() => whileBusy(() => adapter.queryRaw(query))),
    executeRaw: (query) => lock.runExclusive(() => whileBusy(() => adapter.executeRaw(query))),
    executeScript: (script) => lock.runExclusive(() => whileBusy(() => adapter.executeScript(script))),
    startTransaction: async (isolationLevel) => {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        throw new Error(`SQLite transactions are serializable; ${isolationLevel} is not supported.`);
      }
      const release = await lock.acquire();
      try {
        await whileBusy(() => adapter.executeScript("BEGIN IMMEDIATE"));
      } catch (error) {
        release();
        throw error;
      }
      // Prisma sends COMMIT or ROLLBACK through executeRaw, then calls commit() or rollback().
      const transaction: Transaction = {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (query) => adapter.queryRaw(query),
        executeRaw: (query) => adapter.executeRaw(query),
        commit: async () => release(),
        rollback: async () => release(),
      };
      return transaction;
    },
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

function createSqliteClient(): PrismaClient {
  // No synchronous busy wait (see whileBusy): a large restore holds SQLite's write lock for its
  // whole all-or-nothing transaction.
  const factory = new PrismaBetterSQLite3({ url: databaseFilePath(), timeout: 0 });
  const adapter = {
    provider: "sqlite" as const,
    adapterName: factory.adapterName,
    connect: async () => oneAtATime(await factory.connect()),
  };
  // Waiting for the write lock counts against maxWait: give it the same budget as whileBusy, so a
  // transaction queued behind a restore's swap waits instead of failing with P2028.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: busyWaitMs, timeout: 15_000 } });
}

/** On PostgreSQL, a pool of connections: each transaction gets its own, so nothing above is needed. */
function createPostgresqlClient(): PrismaClient {
  return postgresqlPrismaClient(
    { connectionString: env().DATABASE_URL, max: 10 },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

export const prisma =
  globalForPrisma.prisma ?? (databaseProvider() === "postgresql" ? createPostgresqlClient() : createSqliteClient());
globalForPrisma.prisma = prisma;
