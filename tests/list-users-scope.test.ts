// What the Users page reads is scoped in the query: only a Global admin of the tenant gets its
// users and delegations, and what it gets carries roles and status but no secrets.
import { expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { listDelegations } from "@/lib/users/list-delegations";
import { listManagedTenants } from "@/lib/users/list-managed-tenants";
import { listTenantUsers } from "@/lib/users/list-tenant-users";
import { buildUserEstate } from "./support/user-estate";

test("every actor but the tenant's Global admin reads no user and no delegation of it", async () => {
  const e = await buildUserEstate();
  const outsiders: Actor[] = [
    e.actors["global admin other tenant"],
    e.actors["System Administrator"],
    e.actors["Delegated Admin"],
    e.actors["no role"],
    e.actors["partner global admin"],
  ];
  for (const actor of outsiders) {
    expect(await listTenantUsers({ actor, tenant: e.own }), actor.name).toEqual([]);
    expect(await listDelegations({ actor, tenant: e.own }), actor.name).toEqual({ partners: [], customers: [] });
    expect((await listManagedTenants({ actor })).map((t) => t.id)).not.toContain(e.own.id);
  }
});

test("the tenant's Global admin reads its users with roles and status, and both sides of delegation", async () => {
  const e = await buildUserEstate();
  const admin = e.actors["global admin own tenant"];
  await prisma.user.update({ where: { id: e.targets.member.userId }, data: { disabledAt: new Date() } });
  await prisma.user.update({ where: { id: e.actors["no role"].userId }, data: { passwordHash: null } });
  const users = await listTenantUsers({ actor: admin, tenant: e.own });
  const byId = new Map(users.map((u) => [u.id, u]));
  expect(byId.size).toBe(5);
  expect(byId.get(admin.userId)).toMatchObject({ isGlobalAdmin: true, status: "Active", systemAdministratorOf: [] });
  expect(byId.get(e.actors["System Administrator"].userId)).toMatchObject({
    isGlobalAdmin: false,
    systemAdministratorOf: [{ id: e.ownA.id, name: e.ownA.name }],
  });
  expect(byId.get(e.targets.member.userId)?.status).toBe("Disabled");
  expect(byId.get(e.actors["no role"].userId)?.status).toBe("Invited");
  expect(JSON.stringify(users)).not.toMatch(/passwordHash|unused/);
  expect((await listDelegations({ actor: admin, tenant: e.own })).partners).toEqual([
    expect.objectContaining({ tenantId: e.partner.id, name: e.partner.name, holders: 2 }),
  ]);

  const partnerAdmin = e.actors["partner global admin"];
  const partnerUsers = await listTenantUsers({ actor: partnerAdmin, tenant: e.partner });
  expect(partnerUsers.find((u) => u.id === e.targets.partnerHolder.userId)?.delegatedAdminOf).toEqual([
    { id: e.own.id, name: e.own.name },
  ]);
  const { customers } = await listDelegations({ actor: partnerAdmin, tenant: e.partner });
  expect(customers).toEqual([
    expect.objectContaining({
      tenantId: e.own.id,
      holderIds: expect.arrayContaining([e.targets.partnerHolder.userId, e.actors["Delegated Admin"].userId]),
    }),
  ]);
});
