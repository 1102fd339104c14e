// A small organisation chart for the user-management tests: an own tenant with two Global admins,
// a System Administrator, a user without a role and two instances; another tenant with its Global
// admin and an instance; a partner tenant that the own tenant granted Delegated Admin (its Global
// admin, a user holding the Delegated Admin, and users to make holders or not); and a prospect
// tenant with no relation yet. Each call builds a fresh one with names of its own.
import type { Instance, Tenant } from "@prisma/client";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { createInstance, createTenant } from "./fixtures";

let counter = 0;

type Grant = {
  role: "GlobalAdmin" | "SystemAdministrator" | "DelegatedAdmin";
  tenantId?: string;
  instanceId?: string;
  relationId?: string;
};

/** A user of `tenant` holding `grants`, as an Actor. */
export async function createMember(tenant: Tenant, label: string, grants: Grant[] = []): Promise<Actor> {
  const slug = label.toLowerCase().replace(/\W+/g, "-");
  const user = await prisma.user.create({
    data: {
      email: `${slug}.${counter}@${tenant.name.toLowerCase().replace(/\W+/g, "-")}.test`,
      name: `${label} ${counter}`,
      tenantId: tenant.id,
      passwordHash: "unused",
      assignments: { create: grants },
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

export type UserEstate = Awaited<ReturnType<typeof buildUserEstate>>;

export async function buildUserEstate() {
  const n = ++counter;
  const own = await createTenant(`Own ${n}`);
  const other = await createTenant(`Other ${n}`);
  const partner = await createTenant(`Partner ${n}`);
  const prospect = await createTenant(`Prospect ${n}`);
  const instance = (tenant: Tenant, name: string): Promise<Instance> =>
    createInstance(tenant.id, { name: `${name} ${n}` });
  const [ownA, ownB, otherInstance] = [
    await instance(own, "Own A"),
    await instance(own, "Own B"),
    await instance(other, "Other"),
  ];
  const relation = await prisma.delegatedAdminRelation.create({
    data: { customerTenantId: own.id, partnerTenantId: partner.id },
  });
  const delegated = (label: string) =>
    createMember(partner, label, [{ role: "DelegatedAdmin", tenantId: own.id, relationId: relation.id }]);
  return {
    own,
    other,
    partner,
    prospect,
    ownA,
    ownB,
    otherInstance,
    relation,
    actors: {
      "global admin own tenant": await createMember(own, "Admin", [{ role: "GlobalAdmin", tenantId: own.id }]),
      "global admin other tenant": await createMember(other, "Other admin", [
        { role: "GlobalAdmin", tenantId: other.id },
      ]),
      "System Administrator": await createMember(own, "Sysadmin", [
        { role: "SystemAdministrator", instanceId: ownA.id },
      ]),
      "Delegated Admin": await delegated("Delegated"),
      "no role": await createMember(own, "No role"),
      "partner global admin": await createMember(partner, "Partner admin", [
        { role: "GlobalAdmin", tenantId: partner.id },
      ]),
    },
    targets: {
      secondAdmin: await createMember(own, "Second admin", [{ role: "GlobalAdmin", tenantId: own.id }]),
      member: await createMember(own, "Member"),
      partnerMember: await createMember(partner, "Partner member"),
      partnerHolder: await delegated("Partner holder"),
    },
  };
}
