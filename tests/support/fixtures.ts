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

export async function createActor(
  email: string,
  grants: { role: "GlobalAdmin" | "SystemAdministrator" | "DelegatedAdmin"; tenantId?: string; instanceId?: string }[],
): Promise<Actor> {
  const user = await prisma.user.create({
    data: { email, name: email.split("@")[0]!, passwordHash: "unused", assignments: { create: grants } },
    include: { assignments: true },
  });
  return { userId: user.id, email: user.email, name: user.name, assignments: user.assignments };
}

/** Inserts generated records (about 7.5 per account) into one instance. */
export async function seedRecords(instanceId: string, options: { seed: number; accounts: number }) {
  const byTable: Record<string, object[]> = { Account: [], Contact: [], Opportunity: [], SupportCase: [] };
  for (const { table, row } of generateRecords(options)) byTable[table]!.push({ ...row, instanceId });
  await prisma.$transaction([
    prisma.account.createMany({ data: byTable.Account as never }),
    prisma.contact.createMany({ data: byTable.Contact as never }),
    prisma.opportunity.createMany({ data: byTable.Opportunity as never }),
    prisma.supportCase.createMany({ data: byTable.SupportCase as never }),
  ]);
}
