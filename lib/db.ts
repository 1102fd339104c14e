import "server-only";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseFilePath } from "./env";

// One client per process; dev hot reload would otherwise open a new pool on every edit.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  // A writer waits up to 30 s for the lock instead of failing at once: a large restore holds
  // SQLite's single write lock for its whole all-or-nothing transaction.
  const adapter = new PrismaBetterSQLite3({ url: databaseFilePath(), timeout: 30_000 });
  return new PrismaClient({ adapter });
}

export const prisma = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = prisma;
