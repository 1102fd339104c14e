import "server-only";
import type { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresqlPrismaClient } from "@backup-center/prisma-postgresql";
import type pg from "pg";

/**
 * A Prisma client on PostgreSQL, over `pool` (a pool, or a pool's settings). It is generated from
 * prisma/postgresql/schema.prisma, the same models as the SQLite one, so the domain sees one
 * client type.
 */
export function postgresqlPrismaClient(
  pool: pg.Pool | pg.PoolConfig,
  transactionOptions: { maxWait: number; timeout: number },
): PrismaClient {
  const client = new PostgresqlPrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
  return client as unknown as PrismaClient;
}
