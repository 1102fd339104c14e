// Delegated administration from both sides: a customer's Global admin grants a partner
// organisation (named by its organisation ID) Delegated Admin and revokes it; the partner's own
// Global admins choose which of their users hold it. No tenant is created on the way, and nobody
// holds the role without the relation or outside the partner.
import { beforeEach, describe, expect, test, vi } from "vitest";
import {
  grantDelegatedAdminAction,
  revokeDelegatedAdminAction,
  setDelegatedAdminHolderAction,
} from "@/app/(admin)/users/actions";
import { prisma } from "@/lib/db";
import { listDelegations } from "@/lib/users/list-delegations";
import { expectAccepted, expectRefused, snapshot } from "./support/action-checks";
import { resetSession, signInAs } from "./support/session";
import { buildUserEstate } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

describe("the customer grants and revokes", () => {
  test("granting names the partner by its organisation ID; the partner then sees the customer", async () => {
    const e = await buildUserEstate();
    const admin = e.actors["global admin own tenant"];
    await signInAs(admin);
    const before = await snapshot();
    const result = await grantDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: ` ${e.prospect.id} ` });
    expect(result).toEqual({ ok: true, data: { partnerTenantId: e.prospect.id, partnerName: e.prospect.name } });
    expectAccepted(before, await snapshot(), {
      actor: admin,
      action: "delegation.grant",
      instanceId: null,
      tenantId: e.own.id,
      detail: `Granted ${e.prospect.name} Delegated Admin of ${e.own.name}.`,
    });
    // Nobody in the prospect holds it yet; its own admins would choose.
    expect(await prisma.roleAssignment.count({ where: { role: "DelegatedAdmin", tenantId: e.own.id } })).toBe(2);
    const prospectAdmin = {
      userId: "x",
      email: "x",
      name: "x",
      assignments: [{ role: "GlobalAdmin", tenantId: e.prospect.id, instanceId: null }],
    };
    const { customers } = await listDelegations({ actor: prospectAdmin, tenant: e.prospect });
    expect(customers).toEqual([expect.objectContaining({ tenantId: e.own.id, name: e.own.name, holderIds: [] })]);
  });

  test("an unknown ID, the tenant's own ID, or a partner already granted: refused, no tenant created", async () => {
    const e = await buildUserEstate();
    const admin = e.actors["global admin own tenant"];
    await signInAs(admin);
    const audit = { actor: admin, action: "delegation.grant", instanceId: null, tenantId: e.own.id };
    const unknown = "No organisation has this ID. Ask the partner for the organisation ID on their Users page.";
    await expectRefused(() => grantDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: "Northwind" }), {
      code: "VALIDATION",
      error: unknown,
      fieldErrors: { partnerTenantId: [unknown] },
      audit,
    });
    const own = "This is your own organisation's ID. Enter the partner's.";
    await expectRefused(() => grantDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.own.id }), {
      code: "VALIDATION",
      error: own,
      fieldErrors: { partnerTenantId: [own] },
      audit,
    });
    await expectRefused(() => grantDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.partner.id }), {
      code: "CONFLICT",
      error: `${e.partner.name} already holds Delegated Admin of ${e.own.name}.`,
      audit,
    });
  });

  test("revoking removes every holder's role with the relation", async () => {
    const e = await buildUserEstate();
    const admin = e.actors["global admin own tenant"];
    await signInAs(admin);
    const before = await snapshot();
    expect(await revokeDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.partner.id })).toMatchObject({
      ok: true,
    });
    expectAccepted(before, await snapshot(), {
      actor: admin,
      action: "delegation.revoke",
      instanceId: null,
      tenantId: e.own.id,
      detail: `Revoked ${e.partner.name}'s Delegated Admin of ${e.own.name} (held by 2 users).`,
    });
    expect(await prisma.roleAssignment.count({ where: { role: "DelegatedAdmin", tenantId: e.own.id } })).toBe(0);
  });
});

describe("the partner chooses its holders", () => {
  test("only its own users, only for a customer that granted it", async () => {
    const e = await buildUserEstate();
    const partnerAdmin = e.actors["partner global admin"];
    await signInAs(partnerAdmin);
    const audit = { actor: partnerAdmin, action: "delegation.setHolder", instanceId: null, tenantId: e.partner.id };
    // A user of the customer cannot be made a holder by the partner.
    await expectRefused(
      () =>
        setDelegatedAdminHolderAction({
          tenantId: e.partner.id,
          customerTenantId: e.own.id,
          userId: e.targets.member.userId,
          holds: true,
        }),
      { code: "NOT_FOUND", error: "User not found.", audit },
    );
    // A tenant that never granted the partner: there is nothing to hold.
    await expectRefused(
      () =>
        setDelegatedAdminHolderAction({
          tenantId: e.partner.id,
          customerTenantId: e.other.id,
          userId: e.targets.partnerMember.userId,
          holds: true,
        }),
      { code: "NOT_FOUND", error: "Delegation not found.", audit },
    );
    await expectRefused(
      () =>
        setDelegatedAdminHolderAction({
          tenantId: e.partner.id,
          customerTenantId: e.own.id,
          userId: e.targets.partnerHolder.userId,
          holds: true,
        }),
      {
        code: "VALIDATION",
        error: `${e.targets.partnerHolder.name} already holds Delegated Admin of ${e.own.name}.`,
        audit,
      },
    );
  });
});
