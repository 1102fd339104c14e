import "server-only";
import type { Prisma } from "@prisma/client";
import { hashPassword } from "../auth/password";
import { prisma } from "../db";
import { generateRecords, type GeneratedRecord } from "./generate-records";

type DemoInstance = { name: string; domain: string; type: "Production" | "Sandbox"; version: string; region: string };

const demoTenants: { name: string; instances: DemoInstance[] }[] = [
  {
    name: "Contoso",
    instances: [
      {
        name: "Contoso Production",
        domain: "contoso.crm.example",
        type: "Production",
        version: "9.2.24",
        region: "North America",
      },
      {
        name: "Contoso Sandbox",
        domain: "contoso-sandbox.crm.example",
        type: "Sandbox",
        version: "9.2.24",
        region: "North America",
      },
      {
        name: "Contoso Training",
        domain: "contoso-training.crm.example",
        type: "Sandbox",
        version: "9.1.8",
        region: "Europe",
      },
      {
        name: "Contoso Legacy",
        domain: "contoso-legacy.crm.example",
        type: "Production",
        version: "8.0.3",
        region: "Europe",
      },
    ],
  },
  {
    name: "Fabrikam",
    instances: [
      {
        name: "Fabrikam Production",
        domain: "fabrikam.crm.example",
        type: "Production",
        version: "9.2.24",
        region: "Asia Pacific",
      },
      {
        name: "Fabrikam Sandbox",
        domain: "fabrikam-sandbox.crm.example",
        type: "Sandbox",
        version: "9.2.24",
        region: "Asia Pacific",
      },
    ],
  },
  // A partner organisation with no instances of its own: Fabrikam granted it Delegated Admin.
  { name: "Northwind", instances: [] },
];

/** Delegated administration relations: the customer tenant granted the partner tenant Delegated Admin. */
const demoRelations = [{ customer: "Fabrikam", partner: "Northwind" }] as const;

export const demoAccounts = [
  {
    email: "admin@contoso.example",
    name: "Avery Admin",
    tenant: "Contoso",
    grants: [{ role: "GlobalAdmin", tenant: "Contoso" }],
  },
  {
    email: "sysadmin@contoso.example",
    name: "Sam Sysadmin",
    tenant: "Contoso",
    grants: [
      { role: "SystemAdministrator", instance: "Contoso Production" },
      { role: "SystemAdministrator", instance: "Contoso Sandbox" },
    ],
  },
  {
    email: "partner@northwind.example",
    name: "Parker Partner",
    tenant: "Northwind",
    grants: [{ role: "DelegatedAdmin", tenant: "Fabrikam" }],
  },
  {
    email: "admin@northwind.example",
    name: "Nia Northwind",
    tenant: "Northwind",
    grants: [{ role: "GlobalAdmin", tenant: "Northwind" }],
  },
  { email: "user@contoso.example", name: "Uma User", tenant: "Contoso", grants: [] },
] as const;

/** Accounts per demo instance; with ~7.5 records per account that is about 3,000 records each. */
const accountsPerInstance = 400;

const createMany: Record<GeneratedRecord["table"], (rows: never[]) => Prisma.PrismaPromise<unknown>> = {
  Account: (data) => prisma.account.createMany({ data }),
  Contact: (data) => prisma.contact.createMany({ data }),
  Opportunity: (data) => prisma.opportunity.createMany({ data }),
  SupportCase: (data) => prisma.supportCase.createMany({ data }),
};

async function seedRecords(instanceId: string, seed: number): Promise<number> {
  let batch: { table: GeneratedRecord["table"]; rows: object[] } | undefined;
  const queries: Prisma.PrismaPromise<unknown>[] = [];
  const flush = () => {
    if (batch?.rows.length) queries.push(createMany[batch.table](batch.rows as never[]));
  };
  let count = 0;
  for (const { table, row } of generateRecords({ seed, accounts: accountsPerInstance })) {
    if (!batch || batch.table !== table || batch.rows.length === 500) {
      flush();
      batch = { table, rows: [] };
    }
    batch.rows.push({ ...row, instanceId });
    count++;
  }
  flush();
  await prisma.$transaction(queries);
  return count;
}

/** Seeds the demo estate when the database has no tenants yet. Returns false when it did nothing. */
export async function seedDemoData(options: { password: string }): Promise<boolean> {
  if ((await prisma.tenant.count()) > 0) return false;
  const instanceIds = new Map<string, string>();
  const tenantIds = new Map<string, string>();
  let seed = 1;
  for (const tenant of demoTenants) {
    const created = await prisma.tenant.create({ data: { name: tenant.name } });
    tenantIds.set(tenant.name, created.id);
    for (const instance of tenant.instances) {
      const row = await prisma.instance.create({ data: { ...instance, tenantId: created.id } });
      instanceIds.set(instance.name, row.id);
      await seedRecords(row.id, seed++);
    }
  }
  const relationIds = new Map<string, string>();
  for (const relation of demoRelations) {
    const row = await prisma.delegatedAdminRelation.create({
      data: { customerTenantId: tenantIds.get(relation.customer)!, partnerTenantId: tenantIds.get(relation.partner)! },
    });
    relationIds.set(relation.customer, row.id);
  }
  const passwordHash = await hashPassword(options.password);
  for (const account of demoAccounts) {
    await prisma.user.create({
      data: {
        email: account.email,
        name: account.name,
        tenantId: tenantIds.get(account.tenant)!,
        passwordHash,
        assignments: {
          create: account.grants.map((grant) =>
            "instance" in grant
              ? { role: grant.role, instanceId: instanceIds.get(grant.instance)! }
              : {
                  role: grant.role,
                  tenantId: tenantIds.get(grant.tenant)!,
                  relationId: grant.role === "DelegatedAdmin" ? relationIds.get(grant.tenant)! : null,
                },
          ),
        },
      },
    });
  }
  return true;
}
