// Builders for a small estate in the test database: tenants, instances, users with roles, records.
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { generateRecords } from "@/lib/demo/generate-records";

type InstanceInput = { name: string; type?: "Production" | "Sandbox"; version?: string };

export async function createTenant(name: string) {
  return prisma.tenant.create({ data: { name } });
}

export async function createInstance(tenantId: string, input: InstanceInput) {
  return prisma.instance.create({
    data: {
      tenantId,
      name: input.name,
      domain: `${input.name.toLowerCase().replace(/\W+/g, "-")}.test`,
      type: input.type ?? "Sandbox",
      version: input.version ?? "9.2.24",
      region: "Europe",
    },
  });
}

type Grant = { role: "GlobalAdmin" | "SystemAdministrator" | "DelegatedAdmin"; tenantId?: string; instanceId?: string };

/**
 * A user holding `grants`. A Delegated Admin grant counts only through a relation, so the user
 * belongs to a partner tenant of their own ("Partner of <email>") that each customer tenant has
 * granted Delegated Admin; otherwise the user belongs to `options.tenantId` (none by default).
 */
export async function createActor(email: string, grants: Grant[], options: { tenantId?: string } = {}): Promise<Actor> {
  const delegated = grants.filter((grant) => grant.role === "DelegatedAdmin");
  const partner = delegated.length > 0 ? await createTenant(`Partner of ${email}`) : undefined;
  const relationIds = new Map<string, string>();
  for (const grant of delegated) {
    const relation = await prisma.delegatedAdminRelation.create({
      data: { customerTenantId: grant.tenantId!, partnerTenantId: partner!.id },
    });
    relationIds.set(grant.tenantId!, relation.id);
  }
  const user = await prisma.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      passwordHash: "unused",
      tenantId: partner?.id ?? options.tenantId,
      assignments: {
        create: grants.map((grant) =>
          grant.role === "DelegatedAdmin" ? { ...grant, relationId: relationIds.get(grant.tenantId!) } : grant,
        ),
      },
    },
    include: { assignments: true },
  });
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    assignments: user.assignments.map(({ role, tenantId, instanceId }) => ({ role, tenantId, instanceId })),
  };
}

/** Inserts generated records (about 7.5 per account) into one instance. */
export async function seedRecords(instanceId: string, options: { seed: number; accounts: number }) {
  const byTable: Record<string, object[]> = { Account: [], Contact: [], Opportunity: [], SupportCase: [] };
  for (const { table, row } of generateRecords(options)) byTable[table]!.push({ ...row, instanceId });
  const createMany = {
    Account: (data: object[]) => prisma.account.createMany({ data: data as never }),
    Contact: (data: object[]) => prisma.contact.createMany({ data: data as never }),
    Opportunity: (data: object[]) => prisma.opportunity.createMany({ data: data as never }),
    SupportCase: (data: object[]) => prisma.supportCase.createMany({ data: data as never }),
  };
  // In chunks within PostgreSQL's parameter limit: past it, Prisma splits a createMany into
  // statements it sends at once on the transaction's one connection.
  const chunkRows = 1000;
  await prisma.$transaction(
    Object.entries(createMany).flatMap(([table, create]) => {
      const rows = byTable[table]!;
      return Array.from({ length: Math.ceil(rows.length / chunkRows) }, (_, i) =>
        create(rows.slice(i * chunkRows, (i + 1) * chunkRows)),
      );
    }),
  );
}
