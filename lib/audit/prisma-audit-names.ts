import "server-only";
import { prisma } from "../db";
import type { AuditNameSource } from "./audit-name-source";

/** The Audit log page's name lookups. */
export const prismaAuditNames: AuditNameSource = {
  instances: (ids) =>
    prisma.instance.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, tenantId: true } }),
  backups: (ids) =>
    prisma.backup.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        label: true,
        deletedInstanceTenantId: true,
        instance: { select: { id: true, tenantId: true } },
      },
    }),
  tenants: (ids) => prisma.tenant.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
};
