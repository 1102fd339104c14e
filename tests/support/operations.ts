// Helpers for tests that drive backups and restores through the real worker code path.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { Prisma, type Instance, type Operation } from "@prisma/client";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { backupStorageDir } from "@/lib/env";
import { claimNextOperation } from "@/lib/operations/claim-operation";
import { executeOperation } from "@/lib/operations/run-worker";
import { entities } from "@/lib/records/entities";
import { vi } from "vitest";
import { requestVerificationAs } from "./backup-services";

export const owner = "test";
export const leaseMs = 60_000;

/** Claims and runs operations, one at a time as the worker does, until none is left; returns them. */
export async function runQueuedOperations(): Promise<Operation[]> {
  const ran: Operation[] = [];
  for (;;) {
    const operation = await claimNextOperation({ owner, leaseMs });
    if (!operation) return ran;
    await executeOperation(operation, owner, leaseMs);
    ran.push(operation);
  }
}

/** Verifies `backupId` as `actor` and runs the worker (a failure's log kept quiet); the operation as it ended. */
export async function verifyAs(actor: Actor, backupId: string): Promise<Operation> {
  const { operation } = await requestVerificationAs({ actor, backupId });
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    await runQueuedOperations();
  } finally {
    quiet.mockRestore();
  }
  return prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
}

/** Requests an on-demand backup of `instance` as `actor`, and leaves it queued. */
export async function queueBackup(actor: Actor, instance: Instance, label = "Queued") {
  return requestBackup({ actor, instance, kind: "OnDemand", label });
}

/** The absolute path of a stored object, as LocalDiskStorage lays it out under BACKUP_STORAGE_DIR. */
export function storagePath(key: string): string {
  return join(backupStorageDir(), key);
}

const jsonValue = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/**
 * SHA-256 over every row of every entity of one instance (all columns but instanceId, in id order),
 * so two instances holding the same records hash the same.
 */
export async function recordsHash(instanceId: string): Promise<string> {
  const hash = createHash("sha256");
  for (const entity of entities) {
    const columns = Prisma.raw(entity.columns.map((c) => `"${c.name}"`).join(", "));
    const rows = await prisma.$queryRaw<unknown[]>(
      Prisma.sql`SELECT ${columns} FROM ${Prisma.raw(`"${entity.table}"`)} WHERE "instanceId" = ${instanceId} ORDER BY "id"`,
    );
    hash.update(`${entity.table}\n${JSON.stringify(rows, jsonValue)}\n`);
  }
  return hash.digest("hex");
}

/** Record counts per entity table, in the shape of Backup.recordCounts. */
export async function recordCounts(instanceId: string): Promise<Record<string, number>> {
  const where = { where: { instanceId } };
  const [Account, Contact, Opportunity, SupportCase] = await Promise.all([
    prisma.account.count(where),
    prisma.contact.count(where),
    prisma.opportunity.count(where),
    prisma.supportCase.count(where),
  ]);
  return { Account, Contact, Opportunity, SupportCase };
}

/** What a refused request must leave untouched: backups, operations and instance states. */
export async function stateOfTheWorld() {
  const [backups, operations, instances, auditEntries] = await Promise.all([
    prisma.backup.findMany({ orderBy: { id: "asc" } }),
    prisma.operation.findMany({ orderBy: { id: "asc" } }),
    prisma.instance.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, type: true } }),
    prisma.auditEntry.count(),
  ]);
  return {
    backupCount: backups.length,
    operationCount: operations.length,
    backups,
    operations,
    instances,
    auditEntries,
  };
}
