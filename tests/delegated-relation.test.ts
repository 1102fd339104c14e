// A Delegated Admin role counts only through a tenant-to-tenant relation, and revoking the
// relation ends it for open sessions on the next request.
import { beforeEach, expect, test, vi } from "vitest";
import { getActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { createActor, createTenant } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

test("revoking the relation removes the partner's Delegated Admin on the next request", async () => {
  const customer = await createTenant("Customer");
  const partnerAdmin = await createActor("partner@example.test", [{ role: "DelegatedAdmin", tenantId: customer.id }]);
  await signInAs(partnerAdmin);
  expect((await getActor())?.assignments).toEqual([
    { role: "DelegatedAdmin", tenantId: customer.id, instanceId: null },
  ]);
  await prisma.delegatedAdminRelation.deleteMany({ where: { customerTenantId: customer.id } });
  expect((await getActor())?.assignments).toEqual([]);
  expect(await prisma.roleAssignment.count({ where: { userId: partnerAdmin.userId } })).toBe(0);
});

test("a Delegated Admin assignment held through no relation grants nothing", async () => {
  const customer = await createTenant("Unrelated customer");
  const user = await createActor("stray@example.test", []);
  await prisma.roleAssignment.create({ data: { userId: user.userId, role: "DelegatedAdmin", tenantId: customer.id } });
  await signInAs(user);
  expect((await getActor())?.assignments).toEqual([]);
});
