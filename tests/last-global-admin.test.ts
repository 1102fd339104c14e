// The last enabled Global admin of a tenant cannot be demoted, disabled or removed, also when two
// admins act at once: each change re-counts the other enabled admins inside its own transaction
// (behind the tenant's row lock), so of two concurrent changes that would each leave the other
// admin, exactly one wins.
import type { Tenant } from "@prisma/client";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { removeUserAction, setGlobalAdminAction, setUserDisabledAction } from "@/app/(admin)/users/actions";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { removeUser } from "@/lib/users/remove-user";
import { setGlobalAdmin } from "@/lib/users/set-global-admin";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { expectRefused } from "./support/action-checks";
import { createTenant } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";
import { createMember } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let counter = 0;

async function tenantWithAdmins(count: number): Promise<{ tenant: Tenant; admins: Actor[] }> {
  const tenant = await createTenant(`Last admin ${++counter}`);
  const admins: Actor[] = [];
  for (let i = 1; i <= count; i++)
    admins.push(await createMember(tenant, `Admin ${i}`, [{ role: "GlobalAdmin", tenantId: tenant.id }]));
  return { tenant, admins };
}

const enabledGlobalAdmins = (tenantId: string) =>
  prisma.roleAssignment.count({ where: { role: "GlobalAdmin", tenantId, user: { disabledAt: null } } });

const lastAdmin = (admin: Actor, tenant: Tenant) =>
  `${admin.name} is the last Global admin of ${tenant.name}. Make another user Global admin first.`;

/** Runs both at once and returns how each ended: "ok" or the refusal's message. */
async function race(...changes: [() => Promise<unknown>, () => Promise<unknown>]) {
  const settled = await Promise.allSettled(changes.map((change) => change()));
  return settled.map((s) => {
    if (s.status === "fulfilled") return "ok";
    if (s.reason instanceof AppError) return s.reason.message;
    throw s.reason;
  });
}

beforeEach(() => resetSession());

describe("the last Global admin of a tenant", () => {
  test("cannot demote themselves; nothing changes", async () => {
    const { tenant, admins } = await tenantWithAdmins(1);
    const [admin] = admins as [Actor];
    await signInAs(admin);
    await expectRefused(() => setGlobalAdminAction({ tenantId: tenant.id, userId: admin.userId, globalAdmin: false }), {
      code: "CONFLICT",
      error: lastAdmin(admin, tenant),
      audit: { actor: admin, action: "user.setGlobalAdmin", instanceId: null, tenantId: tenant.id },
    });
  });

  test("no admin disables or removes their own account", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [admin] = admins as [Actor];
    await signInAs(admin);
    const audit = { actor: admin, instanceId: null, tenantId: tenant.id };
    await expectRefused(() => setUserDisabledAction({ tenantId: tenant.id, userId: admin.userId, disabled: true }), {
      code: "CONFLICT",
      error: "You can't disable your own account.",
      audit: { ...audit, action: "user.setDisabled" },
    });
    await expectRefused(() => removeUserAction({ tenantId: tenant.id, userId: admin.userId }), {
      code: "CONFLICT",
      error: "You can't remove your own account.",
      audit: { ...audit, action: "user.remove" },
    });
  });

  test("a disabled Global admin does not count, and can be demoted or removed", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [admin, dormant] = admins as [Actor, Actor];
    await signInAs(admin);
    expect(await setUserDisabledAction({ tenantId: tenant.id, userId: dormant.userId, disabled: true })).toMatchObject({
      ok: true,
    });
    resetSession();
    await signInAs(admin);
    await expectRefused(() => setGlobalAdminAction({ tenantId: tenant.id, userId: admin.userId, globalAdmin: false }), {
      code: "CONFLICT",
      error: lastAdmin(admin, tenant),
      audit: { actor: admin, action: "user.setGlobalAdmin", instanceId: null, tenantId: tenant.id },
    });
    expect(
      await setGlobalAdminAction({ tenantId: tenant.id, userId: dormant.userId, globalAdmin: false }),
    ).toMatchObject({ ok: true });
    expect(await removeUserAction({ tenantId: tenant.id, userId: dormant.userId })).toMatchObject({ ok: true });
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
  });

  test("with another enabled Global admin, an admin may step down", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [admin] = admins as [Actor];
    await signInAs(admin);
    expect(await setGlobalAdminAction({ tenantId: tenant.id, userId: admin.userId, globalAdmin: false })).toMatchObject(
      { ok: true },
    );
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
  });
});

describe("two changes at once that would each leave the other admin: exactly one wins", () => {
  // Services are called directly: the test harness has one cookie jar, so two signed-in callers
  // cannot run at the same time through the actions. The actor check is the action's; the
  // re-count under test is the service's.
  test.each([1, 2, 3, 4, 5])("both demote themselves (round %i)", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [a, b] = admins as [Actor, Actor];
    const outcomes = await race(
      () => setGlobalAdmin({ tenant, userId: a.userId, globalAdmin: false }),
      () => setGlobalAdmin({ tenant, userId: b.userId, globalAdmin: false }),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes).toContain(outcomes[0] === "ok" ? lastAdmin(b, tenant) : lastAdmin(a, tenant));
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
  });

  test("each disables the other", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [a, b] = admins as [Actor, Actor];
    const outcomes = await race(
      () => setUserDisabled({ actor: a, tenant, userId: b.userId, disabled: true }),
      () => setUserDisabled({ actor: b, tenant, userId: a.userId, disabled: true }),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
  });

  test("each removes the other", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [a, b] = admins as [Actor, Actor];
    const outcomes = await race(
      () => removeUser({ actor: a, tenant, userId: b.userId }),
      () => removeUser({ actor: b, tenant, userId: a.userId }),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
    expect(await prisma.user.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  test("one demotes, the other disables the first", async () => {
    const { tenant, admins } = await tenantWithAdmins(2);
    const [a, b] = admins as [Actor, Actor];
    const outcomes = await race(
      () => setGlobalAdmin({ tenant, userId: b.userId, globalAdmin: false }),
      () => setUserDisabled({ actor: b, tenant, userId: a.userId, disabled: true }),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(await enabledGlobalAdmins(tenant.id)).toBe(1);
  });
});
