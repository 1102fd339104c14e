// The grant/revoke matrix of user management: every kind of actor × every change to users, roles
// and delegations, own and foreign scope, each case's answer derived from one table below (the
// tenant a change names, and why a Global admin of that tenant may still be refused). Calls go
// through the Users page's server actions with a real session. A refused change leaves the
// database exactly as it was, with its "denied" audit entry; an allowed one makes its change, ends
// the affected user's open sessions and writes its "accepted" entry.
import { beforeEach, describe, expect, test, vi } from "vitest";
import {
  addUserAction,
  grantDelegatedAdminAction,
  removeUserAction,
  resetPasswordAction,
  revokeDelegatedAdminAction,
  setDelegatedAdminHolderAction,
  setGlobalAdminAction,
  setSystemAdministratorAction,
  setUserDisabledAction,
} from "@/app/(admin)/users/actions";
import type { ActionResult } from "@/lib/actions/define-action";
import { prisma } from "@/lib/db";
import { auditAddedSince, expectRefused, snapshot } from "./support/action-checks";
import { resetSession, signInAs } from "./support/session";
import { buildUserEstate, type UserEstate } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

const actorKinds = [
  "global admin own tenant",
  "global admin other tenant",
  "System Administrator",
  "Delegated Admin",
  "no role",
  "partner global admin",
] as const;
type ActorKind = (typeof actorKinds)[number];

/** The tenant each actor manages users of (Global admins only). */
const manages: Record<ActorKind, "own" | "other" | "partner" | null> = {
  "global admin own tenant": "own",
  "global admin other tenant": "other",
  "System Administrator": null,
  "Delegated Admin": null,
  "no role": null,
  "partner global admin": "partner",
};

type Change = {
  name: string;
  audit: string;
  /** The tenant the call names: only its Global admins get past the permission check. */
  on: "own" | "other" | "partner";
  /** Why a Global admin of that tenant is refused all the same; absent when they are allowed. */
  refusedInScope?: string;
  /** The user whose sessions an allowed change ends. */
  affects?: (e: UserEstate) => string;
  call: (e: UserEstate) => Promise<ActionResult<unknown>>;
  /** What an allowed change must have done. */
  check: (e: UserEstate) => Promise<void>;
};

const rolesOf = (userId: string) =>
  prisma.roleAssignment.findMany({ where: { userId }, select: { role: true, tenantId: true, instanceId: true } });

const changes: Change[] = [
  {
    name: "grant Global admin",
    audit: "user.setGlobalAdmin",
    on: "own",
    affects: (e) => e.targets.member.userId,
    call: (e) => setGlobalAdminAction({ tenantId: e.own.id, userId: e.targets.member.userId, globalAdmin: true }),
    check: async (e) =>
      expect(await rolesOf(e.targets.member.userId)).toEqual([
        { role: "GlobalAdmin", tenantId: e.own.id, instanceId: null },
      ]),
  },
  {
    name: "revoke Global admin",
    audit: "user.setGlobalAdmin",
    on: "own",
    affects: (e) => e.targets.secondAdmin.userId,
    call: (e) => setGlobalAdminAction({ tenantId: e.own.id, userId: e.targets.secondAdmin.userId, globalAdmin: false }),
    check: async (e) => expect(await rolesOf(e.targets.secondAdmin.userId)).toEqual([]),
  },
  {
    name: "System Administrator on an own instance",
    audit: "user.setSystemAdministrator",
    on: "own",
    affects: (e) => e.targets.member.userId,
    call: (e) =>
      setSystemAdministratorAction({ tenantId: e.own.id, userId: e.targets.member.userId, instanceIds: [e.ownA.id] }),
    check: async (e) =>
      expect(await rolesOf(e.targets.member.userId)).toEqual([
        { role: "SystemAdministrator", tenantId: null, instanceId: e.ownA.id },
      ]),
  },
  {
    name: "System Administrator on a foreign instance",
    audit: "user.setSystemAdministrator",
    on: "own",
    refusedInScope: "Instance not found.",
    call: (e) =>
      setSystemAdministratorAction({
        tenantId: e.own.id,
        userId: e.targets.member.userId,
        instanceIds: [e.ownB.id, e.otherInstance.id],
      }),
    check: async () => {},
  },
  {
    name: "System Administrator on a foreign instance, asked on its tenant",
    audit: "user.setSystemAdministrator",
    on: "other",
    refusedInScope: "User not found.",
    call: (e) =>
      setSystemAdministratorAction({
        tenantId: e.other.id,
        userId: e.targets.member.userId,
        instanceIds: [e.otherInstance.id],
      }),
    check: async () => {},
  },
  {
    name: "grant Delegated Admin to a partner",
    audit: "delegation.grant",
    on: "own",
    call: (e) => grantDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.prospect.id }),
    check: async (e) =>
      expect(await prisma.delegatedAdminRelation.count({ where: { customerTenantId: e.own.id } })).toBe(2),
  },
  {
    name: "revoke a partner's Delegated Admin",
    audit: "delegation.revoke",
    on: "own",
    affects: (e) => e.targets.partnerHolder.userId,
    call: (e) => revokeDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.partner.id }),
    check: async (e) => {
      expect(await prisma.delegatedAdminRelation.count({ where: { id: e.relation.id } })).toBe(0);
      expect(await rolesOf(e.targets.partnerHolder.userId)).toEqual([]);
    },
  },
  {
    name: "revoke Delegated Admin, asked on the partner's side",
    audit: "delegation.revoke",
    on: "partner",
    refusedInScope: "Delegation not found.",
    call: (e) => revokeDelegatedAdminAction({ tenantId: e.partner.id, partnerTenantId: e.own.id }),
    check: async () => {},
  },
  {
    name: "assign a Delegated Admin holder",
    audit: "delegation.setHolder",
    on: "partner",
    affects: (e) => e.targets.partnerMember.userId,
    call: (e) =>
      setDelegatedAdminHolderAction({
        tenantId: e.partner.id,
        customerTenantId: e.own.id,
        userId: e.targets.partnerMember.userId,
        holds: true,
      }),
    check: async (e) =>
      expect(await rolesOf(e.targets.partnerMember.userId)).toEqual([
        { role: "DelegatedAdmin", tenantId: e.own.id, instanceId: null },
      ]),
  },
  {
    name: "remove a Delegated Admin holder",
    audit: "delegation.setHolder",
    on: "partner",
    affects: (e) => e.targets.partnerHolder.userId,
    call: (e) =>
      setDelegatedAdminHolderAction({
        tenantId: e.partner.id,
        customerTenantId: e.own.id,
        userId: e.targets.partnerHolder.userId,
        holds: false,
      }),
    check: async (e) => expect(await rolesOf(e.targets.partnerHolder.userId)).toEqual([]),
  },
  {
    name: "assign a Delegated Admin holder, asked on the customer's side",
    audit: "delegation.setHolder",
    on: "own",
    refusedInScope: "Delegation not found.",
    call: (e) =>
      setDelegatedAdminHolderAction({
        tenantId: e.own.id,
        customerTenantId: e.own.id,
        userId: e.targets.partnerMember.userId,
        holds: true,
      }),
    check: async () => {},
  },
  {
    name: "disable a user",
    audit: "user.setDisabled",
    on: "own",
    affects: (e) => e.targets.member.userId,
    call: (e) => setUserDisabledAction({ tenantId: e.own.id, userId: e.targets.member.userId, disabled: true }),
    check: async (e) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: e.targets.member.userId } });
      expect(user.disabledAt).toBeInstanceOf(Date);
    },
  },
  {
    name: "remove a user",
    audit: "user.remove",
    on: "own",
    call: (e) => removeUserAction({ tenantId: e.own.id, userId: e.targets.member.userId }),
    check: async (e) => expect(await prisma.user.count({ where: { id: e.targets.member.userId } })).toBe(0),
  },
  {
    name: "remove a user of another tenant",
    audit: "user.remove",
    on: "other",
    refusedInScope: "User not found.",
    call: (e) => removeUserAction({ tenantId: e.other.id, userId: e.targets.member.userId }),
    check: async () => {},
  },
  {
    name: "reset a password",
    audit: "user.resetPassword",
    on: "own",
    affects: (e) => e.targets.member.userId,
    call: (e) => resetPasswordAction({ tenantId: e.own.id, userId: e.targets.member.userId }),
    check: async (e) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: e.targets.member.userId } });
      expect(user.passwordHash).toBeNull();
    },
  },
  {
    name: "add a user",
    audit: "user.add",
    on: "own",
    call: (e) =>
      addUserAction({
        tenantId: e.own.id,
        name: "New colleague",
        email: `new.colleague@${e.own.id}.test`,
        credential: { kind: "link" },
      }),
    check: async (e) =>
      expect(await prisma.user.findUnique({ where: { email: `new.colleague@${e.own.id}.test` } })).toMatchObject({
        tenantId: e.own.id,
        passwordHash: null,
      }),
  },
];

/** The refusal a change gets from an actor, or null when it is allowed. */
function refusalOf(change: Change, actor: ActorKind): string | null {
  if (manages[actor] !== change.on) return "Tenant not found.";
  return change.refusedInScope ?? null;
}

const cases = changes.flatMap((change) =>
  actorKinds.map((actor) => ({ change, actor, refusal: refusalOf(change, actor) })),
);

beforeEach(() => resetSession());

describe.each(changes.map((change) => change.name))("%s", (name) => {
  test.each(
    cases
      .filter((c) => c.change.name === name)
      .map((c) => [`${c.actor} → ${c.refusal ? `refused (${c.refusal})` : "allowed"}`, c] as const),
  )("%s", async (_title, { change, actor: kind, refusal }) => {
    const estate = await buildUserEstate();
    const actor = estate.actors[kind];
    await signInAs(actor);
    const tenantId = { own: estate.own, other: estate.other, partner: estate.partner }[change.on].id;
    if (refusal) {
      await expectRefused(() => change.call(estate), {
        code: "NOT_FOUND",
        error: refusal,
        audit: { actor, action: change.audit, instanceId: null, tenantId },
      });
      return;
    }
    const affected = change.affects?.(estate);
    const versionBefore = affected
      ? (await prisma.user.findUniqueOrThrow({ where: { id: affected } })).sessionVersion
      : 0;
    const before = await snapshot();
    const result = await change.call(estate);
    expect(result).toMatchObject({ ok: true });
    const after = await snapshot();
    expect(after.world).not.toEqual(before.world);
    await change.check(estate);
    if (affected) {
      const { sessionVersion } = await prisma.user.findUniqueOrThrow({ where: { id: affected } });
      expect(sessionVersion).toBe(versionBefore + 1);
    }
    expect(auditAddedSince(before, after)).toEqual([
      expect.objectContaining({
        actorId: actor.userId,
        action: change.audit,
        outcome: "accepted",
        tenantId,
        instanceId: null,
      }),
    ]);
  });
});

test("the matrix covers every actor for every change, and each change is allowed to exactly one actor or none", () => {
  expect(cases).toHaveLength(changes.length * actorKinds.length);
  for (const change of changes) {
    const allowed = cases.filter((c) => c.change === change && c.refusal === null).map((c) => c.actor);
    expect(allowed, change.name).toEqual(change.refusedInScope ? [] : [expect.stringMatching(/global admin/)]);
  }
});
