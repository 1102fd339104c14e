import type { InstanceRef } from "../auth/policy";

/**
 * Where the Audit log looks up the names its entries show, by id and unscoped: the caller decides
 * what the reader may see with the policy. The page reads through Prisma; the CSV export through
 * its own streaming connection, whose lookups leave no garbage per batch.
 */
export type AuditNameSource = {
  instances(ids: string[]): Promise<(InstanceRef & { name: string })[]>;
  backups(
    ids: string[],
  ): Promise<{ id: string; label: string; instance: InstanceRef | null; deletedInstanceTenantId: string | null }[]>;
  tenants(ids: string[]): Promise<{ id: string; name: string }[]>;
};
