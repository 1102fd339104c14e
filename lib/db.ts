import "server-only";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { Mutex } from "async-mutex";
import { databaseFilePath } from "./env";

// One client per process; dev hot reload would otherwise open a new pool on every edit.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/**
 * The better-sqlite3 adapter gives each process one connection and serializes only transactions:
 * a plain query issued while another caller's interactive transaction is open runs inside that
 * transaction, and is lost if it rolls back. Here plain queries wait for open transactions too.
 * (Code inside a transaction must use its `tx` client, never the global one, or it would wait for
 * itself.) A server database with a connection pool has no need for this.
 */
function oneAtATime(adapter: Adapter): Adapter {
  const lock = new Mutex();
  const inTransaction = (transaction: Transaction, release: () => void): Transaction => ({
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => transaction.queryRaw(query),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => transaction.commit().finally(release),
    rollback: () => transaction.rollback().finally(release),
  });
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => lock.runExclusive(() => adapter.queryRaw(query)),
    executeRaw: (query) => lock.runExclusive(() => adapter.executeRaw(query)),
    executeScript: (script) => lock.runExclusive(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel) => {
      const release = await lock.acquire();
      try {
        return inTransaction(await adapter.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

function createClient(): PrismaClient {
  // A writer waits up to 30 s for the lock instead of failing at once: a large restore holds
  // SQLite's single write lock for its whole all-or-nothing transaction.
  const factory = new PrismaBetterSQLite3({ url: databaseFilePath(), timeout: 30_000 });
  const adapter = {
    provider: "sqlite" as const,
    adapterName: factory.adapterName,
    connect: async () => oneAtATime(await factory.connect()),
  };
  return new PrismaClient({ adapter });
}

export const prisma = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = prisma;
