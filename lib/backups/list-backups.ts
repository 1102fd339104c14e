import "server-only";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { findInstanceFor } from "../instances/find-instance";
import { backupFilterWhere, type BackupFilters } from "./backup-filters";

export const backupsPageSize = 25;

export type BackupListItem = {
  id: string;
  label: string;
  notes: string;
  kind: "System" | "OnDemand";
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  status: "Queued" | "InProgress" | "Succeeded" | "Failed" | "FailedVerification";
  progress: number;
  failureReason: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  instanceVersion: string;
  recordCounts: Record<string, number> | null;
  verification: { at: Date; passed: boolean; reason: string | null; firstFailedAt: Date | null } | null;
  testRestore: { at: Date; passed: boolean; records: number | null; ms: number | null } | null;
};

/** One page of an instance's unexpired backups that match the filters, newest first. */
export async function listBackups(options: {
  actor: Actor;
  instanceId: string;
  filters?: BackupFilters;
  page?: number;
  now?: Date;
}) {
  const instance = await findInstanceFor({
    actor: options.actor,
    permission: "backup.view",
    instanceId: options.instanceId,
  });
  const where = {
    instanceId: instance.id,
    expiresAt: { gt: options.now ?? new Date() },
    ...backupFilterWhere(options.filters ?? {}),
  };
  const total = await prisma.backup.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / backupsPageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await prisma.backup.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * backupsPageSize,
    take: backupsPageSize,
    include: { createdBy: { select: { name: true } } },
  });
  return { instance, total, page, pageCount, items: rows.map(toListItem) };
}

export function toListItem(row: {
  id: string;
  label: string;
  notes: string;
  kind: "System" | "OnDemand";
  createdBy: { name: string } | null;
  createdAt: Date;
  expiresAt: Date;
  status: BackupListItem["status"];
  progress: number;
  failureReason: string | null;
  sizeBytes: bigint | null;
  sha256: string | null;
  instanceVersion: string;
  recordCounts: string | null;
  verifiedAt: Date | null;
  verificationPassed: boolean | null;
  verificationReason: string | null;
  verificationFailedAt: Date | null;
  testRestoredAt: Date | null;
  testRestorePassed: boolean | null;
  testRestoreRecords: number | null;
  testRestoreMs: number | null;
}): BackupListItem {
  return {
    id: row.id,
    label: row.label,
    notes: row.notes,
    kind: row.kind,
    createdBy: row.kind === "System" ? "System" : (row.createdBy?.name ?? "Former user"),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    status: row.status,
    progress: row.progress,
    failureReason: row.failureReason,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    sha256: row.sha256,
    instanceVersion: row.instanceVersion,
    recordCounts: row.recordCounts ? (JSON.parse(row.recordCounts) as Record<string, number>) : null,
    verification: row.verifiedAt
      ? {
          at: row.verifiedAt,
          passed: row.verificationPassed === true,
          reason: row.verificationReason,
          firstFailedAt: row.verificationFailedAt,
        }
      : null,
    testRestore: row.testRestoredAt
      ? {
          at: row.testRestoredAt,
          passed: row.testRestorePassed === true,
          records: row.testRestoreRecords,
          ms: row.testRestoreMs,
        }
      : null,
  };
}
