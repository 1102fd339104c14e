// Pure unit tests of the authorization policy: every role × every permission × an in-scope and an
// out-of-scope instance, with the expected answer spelled out in tables.
import { describe, expect, test } from "vitest";
import {
  auditReach,
  auditScope,
  can,
  canOnTenant,
  hasAdminAccess,
  instanceScope,
  rolesOn,
  rolesOnTenant,
  tenantScope,
  type Actor,
  type AdminRole,
  type Assignment,
  type InstanceRef,
  type Permission,
  type TenantPermission,
} from "@/lib/auth/policy";
import { permissionHolders } from "./support/permission-holders";

// Every permission in the policy's map, with the roles holding it (checked against the map here
// and by the guards); `satisfies Record<Permission, …>` there makes the compiler reject a list that
// misses a permission.
const everyPermission = Object.keys(permissionHolders) as Permission[];
const holds = (role: AdminRole | null, permission: Permission) =>
  role !== null && (permissionHolders[permission] as readonly AdminRole[]).includes(role);

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

// [actor, instance, the role the actor holds on it]: allowed exactly when that role holds the permission.
const matrix: [ActorName, InstanceName, AdminRole | null][] = [
  ["globalAdminOfA", "A1", "GlobalAdmin"], // own tenant
  ["globalAdminOfA", "B1", null], // other tenant
  ["sysAdminOfA1", "A1", "SystemAdministrator"], // own instance
  ["sysAdminOfA1", "A2", null], // other instance, same tenant
  ["delegatedAdminOfB", "B1", "DelegatedAdmin"], // own tenant
  ["delegatedAdminOfB", "A1", null], // other tenant
  ["noRoles", "A1", null],
  ["noRoles", "B1", null],
  ["unknownRoleOwner", "A1", null], // "Owner" names A's tenant and A1 itself, but is not a role
  ["unknownRoleOwner", "B1", null],
];

describe("can", () => {
  describe.each(everyPermission)("%s", (permission) => {
    test.each(matrix)("%s on %s (holding %s)", (actorName, instanceName, role) => {
      expect(can(actors[actorName], permission, instances[instanceName])).toBe(holds(role, permission));
    });
  });

  test("the permission list covers the whole map (17 permissions)", () => {
    expect(everyPermission).toHaveLength(17);
  });

  test("managing a tenant's instances is for its Global admins only", () => {
    expect(can(actors.globalAdminOfA, "tenant.instances.manage", instances.A1)).toBe(true);
    expect(can(actors.sysAdminOfA1, "tenant.instances.manage", instances.A1)).toBe(false);
    expect(can(actors.delegatedAdminOfB, "tenant.instances.manage", instances.B1)).toBe(false);
  });

  test("configuring a tenant's alerts is for its Global admins only, not its delegated partners", () => {
    expect(canOnTenant(actors.globalAdminOfA, "tenant.alerts.manage", tenantA)).toBe(true);
    expect(canOnTenant(actors.globalAdminOfA, "tenant.alerts.manage", tenantB)).toBe(false);
    expect(canOnTenant(actors.delegatedAdminOfB, "tenant.alerts.manage", tenantB)).toBe(false);
    expect(canOnTenant(actors.sysAdminOfA1, "tenant.alerts.manage", tenantA)).toBe(false);
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
    // On the tenants themselves, only the tenant-wide roles count.
    expect(rolesOnTenant(a, tenantA).sort()).toEqual(["DelegatedAdmin", "GlobalAdmin"]);
    expect(rolesOnTenant(a, tenantB)).toEqual(["DelegatedAdmin"]);
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

describe("tenant-wide permissions", () => {
  const tenantPermissions = everyPermission.filter((p): p is TenantPermission => p.startsWith("tenant."));
  // [actor, tenant, the tenant-wide role the actor holds on it]
  const onTenants: [ActorName, string, AdminRole | null][] = [
    ["globalAdminOfA", tenantA, "GlobalAdmin"],
    ["globalAdminOfA", tenantB, null],
    ["sysAdminOfA1", tenantA, null], // a role on one instance is no role on its tenant
    ["delegatedAdminOfB", tenantB, "DelegatedAdmin"],
    ["delegatedAdminOfB", tenantA, null],
    ["noRoles", tenantA, null],
    ["unknownRoleOwner", tenantA, null],
  ];

  test("the map has tenant-wide permissions", () => {
    expect(tenantPermissions).toContain("tenant.instances.manage");
  });

  describe.each(tenantPermissions)("%s", (permission) => {
    test.each(onTenants)("canOnTenant: %s on %s (holding %s)", (actorName, tenantId, role) => {
      expect(canOnTenant(actors[actorName], permission, tenantId)).toBe(holds(role, permission));
    });

    test.each(onTenants)("tenantScope: %s on %s (holding %s)", (actorName, tenantId, role) => {
      const { id } = tenantScope(actors[actorName], permission) as { id: { in: string[] } };
      expect(id.in.includes(tenantId)).toBe(holds(role, permission));
    });

    test("the instance scope agrees: tenant roles reach every instance of the tenant, nothing else", () => {
      expect(instanceScope(actors.globalAdminOfA, permission)).toEqual({
        OR: [{ tenantId: { in: holds("GlobalAdmin", permission) ? [tenantA] : [] } }, { id: { in: [] } }],
      });
    });
  });

  test("an unknown tenant permission grants nothing", () => {
    for (const name of ["tenant.delete", "tenant.", "toString", "__proto__"]) {
      expect(canOnTenant(actors.globalAdminOfA, name as TenantPermission, tenantA)).toBe(false);
      expect(tenantScope(actors.globalAdminOfA, name as TenantPermission)).toEqual({ id: { in: [] } });
    }
  });

  test("assignments missing their tenant grant nothing on a tenant", () => {
    const a = actor("unscoped", [
      { role: "GlobalAdmin", tenantId: null, instanceId: instances.A1.id },
      { role: "SystemAdministrator", tenantId: tenantA, instanceId: null },
    ]);
    expect(rolesOnTenant(a, tenantA)).toEqual([]);
    expect(tenantScope(a, "tenant.instances.manage")).toEqual({ id: { in: [] } });
  });
});

describe("auditScope", () => {
  test("each role reads its own part; an unknown role or none reads nothing", () => {
    expect(auditScope(actors.globalAdminOfA)).toEqual({ scopeTenantId: { in: [tenantA] } });
    expect(auditScope(actors.sysAdminOfA1)).toEqual({ instanceId: { in: [instances.A1.id] } });
    // Entries that name no instance or tenant concern the acting user only: not for delegated admins.
    expect(auditScope(actors.delegatedAdminOfB)).toEqual({
      scopeTenantId: { in: [tenantB] },
      NOT: { instanceId: null, tenantId: null },
    });
    expect(auditScope(actors.noRoles)).toEqual({ id: { in: [] } });
    expect(auditScope(actors.unknownRoleOwner)).toEqual({ id: { in: [] } });
    expect(auditReach(actors.unknownRoleOwner)).toEqual({ tenants: [], namedOnlyTenants: [], instances: [] });
  });
});
