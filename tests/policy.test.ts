// Pure unit tests of the authorization policy: every role × every permission × an in-scope and an
// out-of-scope instance, with the expected answer spelled out in tables.
import { describe, expect, test } from "vitest";
import {
  can,
  hasAdminAccess,
  rolesOn,
  type Actor,
  type AdminRole,
  type Assignment,
  type InstanceRef,
  type Permission,
} from "@/lib/auth/policy";

// Every permission in the policy's map. `satisfies Record<Permission, true>` makes the compiler
// reject this list if a permission is added to (or removed from) the policy without updating it.
const everyPermission = Object.keys({
  "instance.view": true,
  "instance.update": true,
  "instance.switch": true,
  "backup.view": true,
  "backup.create": true,
  "backup.edit": true,
  "backup.delete": true,
  "backup.restore": true,
  "instance.restoreInto": true,
  "records.view": true,
  "records.edit": true,
} satisfies Record<Permission, true>) as Permission[];

const tenantA = "tenant-a";
const tenantB = "tenant-b";
const instances = {
  A1: { id: "instance-a1", tenantId: tenantA },
  A2: { id: "instance-a2", tenantId: tenantA },
  B1: { id: "instance-b1", tenantId: tenantB },
} as const satisfies Record<string, InstanceRef>;
type InstanceName = keyof typeof instances;

function actor(name: string, assignments: Assignment[]): Actor {
  return { userId: `user-${name}`, email: `${name}@example.test`, name, assignments };
}

const actors = {
  globalAdminOfA: actor("global-a", [{ role: "GlobalAdmin", tenantId: tenantA, instanceId: null }]),
  sysAdminOfA1: actor("sysadmin-a1", [{ role: "SystemAdministrator", tenantId: null, instanceId: instances.A1.id }]),
  delegatedAdminOfB: actor("delegated-b", [{ role: "DelegatedAdmin", tenantId: tenantB, instanceId: null }]),
  noRoles: actor("nobody", []),
  unknownRoleOwner: actor("owner", [
    { role: "Owner", tenantId: tenantA, instanceId: null },
    { role: "Owner", tenantId: null, instanceId: instances.A1.id },
  ]),
} satisfies Record<string, Actor>;
type ActorName = keyof typeof actors;

// [actor, instance, allowed]: the same answer holds for every permission, since every permission
// is granted to every admin role and to nothing else.
const matrix: [ActorName, InstanceName, boolean][] = [
  ["globalAdminOfA", "A1", true], // own tenant
  ["globalAdminOfA", "B1", false], // other tenant
  ["sysAdminOfA1", "A1", true], // own instance
  ["sysAdminOfA1", "A2", false], // other instance, same tenant
  ["delegatedAdminOfB", "B1", true], // own tenant
  ["delegatedAdminOfB", "A1", false], // other tenant
  ["noRoles", "A1", false],
  ["noRoles", "B1", false],
  ["unknownRoleOwner", "A1", false], // "Owner" names A's tenant and A1 itself, but is not a role
  ["unknownRoleOwner", "B1", false],
];

describe("can", () => {
  describe.each(everyPermission)("%s", (permission) => {
    test.each(matrix)("%s on %s → %s", (actorName, instanceName, allowed) => {
      expect(can(actors[actorName], permission, instances[instanceName])).toBe(allowed);
    });
  });

  test("the permission list covers the whole map (11 permissions)", () => {
    expect(everyPermission).toHaveLength(11);
  });

  describe("fails closed on an unknown permission name", () => {
    const unknownPermissions = [
      "instance.delete",
      "",
      "INSTANCE.VIEW",
      "toString",
      "constructor",
      "__proto__",
      "hasOwnProperty",
    ];
    test.each(unknownPermissions)("%j is denied to every admin", (name) => {
      const permission = name as Permission;
      expect(can(actors.globalAdminOfA, permission, instances.A1)).toBe(false);
      expect(can(actors.sysAdminOfA1, permission, instances.A1)).toBe(false);
      expect(can(actors.delegatedAdminOfB, permission, instances.B1)).toBe(false);
    });
  });

  describe("assignments missing their scope grant nothing", () => {
    const unscoped: [string, Assignment][] = [
      ["GlobalAdmin with tenantId null", { role: "GlobalAdmin", tenantId: null, instanceId: null }],
      ["GlobalAdmin with only an instanceId", { role: "GlobalAdmin", tenantId: null, instanceId: instances.A1.id }],
      ["DelegatedAdmin with tenantId null", { role: "DelegatedAdmin", tenantId: null, instanceId: null }],
      ["SystemAdministrator with instanceId null", { role: "SystemAdministrator", tenantId: null, instanceId: null }],
      [
        "SystemAdministrator with only a tenantId",
        { role: "SystemAdministrator", tenantId: tenantA, instanceId: null },
      ],
    ];
    test.each(unscoped)("%s", (_label, assignment) => {
      const a = actor("unscoped", [assignment]);
      for (const instance of Object.values(instances)) {
        expect(rolesOn(a, instance)).toEqual([]);
        for (const permission of everyPermission) expect(can(a, permission, instance)).toBe(false);
      }
    });
  });

  test("a role with different letter case is not a role", () => {
    const a = actor("lowercase", [{ role: "globaladmin", tenantId: tenantA, instanceId: null }]);
    expect(can(a, "instance.view", instances.A1)).toBe(false);
  });

  test("an instance ref whose tenant differs is judged by the ref given (tenant roles follow tenantId)", () => {
    // A1's id but B's tenant: tenant A's global admin does not reach it, B's delegated admin does.
    const moved = { id: instances.A1.id, tenantId: tenantB };
    expect(can(actors.globalAdminOfA, "instance.view", moved)).toBe(false);
    expect(can(actors.delegatedAdminOfB, "instance.view", moved)).toBe(true);
    // The sysadmin's role follows the instance id.
    expect(can(actors.sysAdminOfA1, "instance.view", moved)).toBe(true);
  });
});

describe("rolesOn", () => {
  const expected: [ActorName, InstanceName, AdminRole[]][] = [
    ["globalAdminOfA", "A1", ["GlobalAdmin"]],
    ["globalAdminOfA", "A2", ["GlobalAdmin"]],
    ["globalAdminOfA", "B1", []],
    ["sysAdminOfA1", "A1", ["SystemAdministrator"]],
    ["sysAdminOfA1", "A2", []],
    ["sysAdminOfA1", "B1", []],
    ["delegatedAdminOfB", "B1", ["DelegatedAdmin"]],
    ["delegatedAdminOfB", "A1", []],
    ["delegatedAdminOfB", "A2", []],
    ["noRoles", "A1", []],
    ["noRoles", "B1", []],
    ["unknownRoleOwner", "A1", []],
    ["unknownRoleOwner", "A2", []],
    ["unknownRoleOwner", "B1", []],
  ];
  test.each(expected)("%s on %s → %j", (actorName, instanceName, roles) => {
    expect(rolesOn(actors[actorName], instances[instanceName])).toEqual(roles);
  });

  test("combines tenant-wide and instance roles held on the same instance, without duplicates", () => {
    const a = actor("multi", [
      { role: "GlobalAdmin", tenantId: tenantA, instanceId: null },
      { role: "GlobalAdmin", tenantId: tenantA, instanceId: null },
      { role: "DelegatedAdmin", tenantId: tenantA, instanceId: null },
      { role: "SystemAdministrator", tenantId: null, instanceId: instances.A1.id },
      { role: "DelegatedAdmin", tenantId: tenantB, instanceId: null },
    ]);
    expect(rolesOn(a, instances.A1).sort()).toEqual(["DelegatedAdmin", "GlobalAdmin", "SystemAdministrator"]);
    expect(rolesOn(a, instances.A2).sort()).toEqual(["DelegatedAdmin", "GlobalAdmin"]);
    expect(rolesOn(a, instances.B1)).toEqual(["DelegatedAdmin"]);
  });

  test("an actor with roles in both tenants reaches instances of both", () => {
    const a = actor("both", [
      { role: "SystemAdministrator", tenantId: null, instanceId: instances.A2.id },
      { role: "DelegatedAdmin", tenantId: tenantB, instanceId: null },
    ]);
    expect(can(a, "backup.restore", instances.A1)).toBe(false);
    expect(can(a, "backup.restore", instances.A2)).toBe(true);
    expect(can(a, "backup.restore", instances.B1)).toBe(true);
  });
});

describe("hasAdminAccess", () => {
  const expected: [ActorName, boolean][] = [
    ["globalAdminOfA", true],
    ["sysAdminOfA1", true],
    ["delegatedAdminOfB", true],
    ["noRoles", false],
    ["unknownRoleOwner", false],
  ];
  test.each(expected)("%s → %s", (actorName, access) => {
    expect(hasAdminAccess(actors[actorName])).toBe(access);
  });

  test("one admin role among unknown ones is enough", () => {
    const a = actor("mixed", [
      { role: "Owner", tenantId: tenantA, instanceId: null },
      { role: "DelegatedAdmin", tenantId: tenantB, instanceId: null },
    ]);
    expect(hasAdminAccess(a)).toBe(true);
  });
});
