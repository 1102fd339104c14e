// Integration: instance scoping against the real (per-file, freshly migrated) SQLite database.
import type { Instance } from "@prisma/client";
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor, Assignment, Permission } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { findInstanceFor } from "@/lib/instances/find-instance";
import { generateRecords } from "@/lib/demo/generate-records";
import { listInstances, measureDataUsage } from "@/lib/instances/list-instances";
import { entities } from "@/lib/records/entities";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";

// Instance names, in the order listInstances returns them: tenant name, then instance name.
const contosoNames = ["Contoso Dev", "Contoso Prod", "Contoso Test"] as const;
const fabrikamNames = ["Fabrikam Prod", "Fabrikam UAT"] as const;
type InstanceName = (typeof contosoNames)[number] | (typeof fabrikamNames)[number];
const allNames: InstanceName[] = [...contosoNames, ...fabrikamNames];

type ActorName =
  | "globalAdminOfContoso"
  | "sysAdminOfContosoProd"
  | "delegatedAdminOfFabrikam"
  | "sysAdminOfContosoTestAndDelegatedOfFabrikam"
  | "globalAdminOfBoth"
  | "noRoles"
  | "unknownRole"
  | "globalAdminWithoutTenant";

const inst = {} as Record<InstanceName, Instance>;
const actors = {} as Record<ActorName, Actor>;

function inMemoryActor(name: string, assignments: Assignment[]): Actor {
  return { userId: `no-such-user-${name}`, email: `${name}@example.test`, name, assignments };
}

beforeAll(async () => {
  // Created out of alphabetical order, so the ordering of listInstances is really tested.
  const fabrikam = await createTenant("Fabrikam");
  const contoso = await createTenant("Contoso");
  for (const name of ["Fabrikam UAT", "Fabrikam Prod"] as const)
    inst[name] = await createInstance(fabrikam.id, { name });
  for (const name of ["Contoso Test", "Contoso Prod", "Contoso Dev"] as const) {
    inst[name] = await createInstance(contoso.id, { name, type: name === "Contoso Prod" ? "Production" : "Sandbox" });
  }

  actors.globalAdminOfContoso = await createActor("global.contoso@example.test", [
    { role: "GlobalAdmin", tenantId: contoso.id },
  ]);
  actors.sysAdminOfContosoProd = await createActor("sysadmin.prod@example.test", [
    { role: "SystemAdministrator", instanceId: inst["Contoso Prod"].id },
  ]);
  actors.delegatedAdminOfFabrikam = await createActor("delegated.fabrikam@example.test", [
    { role: "DelegatedAdmin", tenantId: fabrikam.id },
  ]);
  actors.sysAdminOfContosoTestAndDelegatedOfFabrikam = await createActor("mixed@example.test", [
    { role: "SystemAdministrator", instanceId: inst["Contoso Test"].id },
    { role: "DelegatedAdmin", tenantId: fabrikam.id },
  ]);
  actors.globalAdminOfBoth = await createActor("global.both@example.test", [
    { role: "GlobalAdmin", tenantId: contoso.id },
    { role: "GlobalAdmin", tenantId: fabrikam.id },
  ]);
  actors.noRoles = await createActor("nobody@example.test", []);
  // The Role enum keeps these out of the database, so they exist only in memory.
  actors.unknownRole = inMemoryActor("owner", [
    { role: "Owner", tenantId: contoso.id, instanceId: null },
    { role: "Owner", tenantId: null, instanceId: inst["Fabrikam Prod"].id },
  ]);
  actors.globalAdminWithoutTenant = inMemoryActor("unscoped", [
    { role: "GlobalAdmin", tenantId: null, instanceId: null },
  ]);
});

const expectedScope: [ActorName, InstanceName[]][] = [
  ["globalAdminOfContoso", [...contosoNames]],
  ["sysAdminOfContosoProd", ["Contoso Prod"]],
  ["delegatedAdminOfFabrikam", [...fabrikamNames]],
  ["sysAdminOfContosoTestAndDelegatedOfFabrikam", ["Contoso Test", ...fabrikamNames]],
  ["globalAdminOfBoth", [...contosoNames, ...fabrikamNames]],
  ["noRoles", []],
  ["unknownRole", []],
  ["globalAdminWithoutTenant", []],
];

describe("listInstances", () => {
  test.each(expectedScope)("%s sees exactly %j", async (actorName, names) => {
    const rows = await listInstances({ actor: actors[actorName] });
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  test.each(expectedScope)("%s: an explicit permission scopes the same way (%j)", async (actorName, names) => {
    const rows = await listInstances({ actor: actors[actorName], permission: "backup.restore" });
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  test("rows carry the tenant's name and the instance's fields", async () => {
    const rows = await listInstances({ actor: actors.sysAdminOfContosoProd });
    expect(rows).toEqual([
      expect.objectContaining({
        id: inst["Contoso Prod"].id,
        name: "Contoso Prod",
        domain: "contoso-prod.test",
        tenantId: inst["Contoso Prod"].tenantId,
        tenantName: "Contoso",
        type: "Production",
        state: "Ready",
      }),
    ]);
  });

  test("an unknown permission name lists nothing (fails closed)", async () => {
    const rows = await listInstances({ actor: actors.globalAdminOfBoth, permission: "instance.delete" as Permission });
    expect(rows).toEqual([]);
  });
});

describe("findInstanceFor", () => {
  let notFoundMessage: string;

  beforeAll(async () => {
    const error = await findInstanceFor({
      actor: actors.globalAdminOfBoth,
      permission: "instance.view",
      instanceId: "no-such-instance",
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    notFoundMessage = (error as NotFoundError).message;
  });

  const cases = expectedScope.flatMap(([actorName, inScope]) =>
    allNames.map((name): [ActorName, InstanceName, boolean] => [actorName, name, inScope.includes(name)]),
  );

  test.each(cases)("%s → %s: in scope %s", async (actorName, name, inScope) => {
    const attempt = findInstanceFor({
      actor: actors[actorName],
      permission: "instance.view",
      instanceId: inst[name].id,
    });
    if (inScope) {
      await expect(attempt).resolves.toMatchObject({ id: inst[name].id, name });
    } else {
      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND", message: notFoundMessage });
    }
  });

  test("a nonexistent id is NOT_FOUND with the generic message, for every actor", async () => {
    expect(notFoundMessage).toBe("Instance not found.");
    for (const actor of Object.values(actors)) {
      await expect(
        findInstanceFor({ actor, permission: "records.edit", instanceId: "no-such-instance" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: notFoundMessage });
    }
  });
});

describe("measureDataUsage", () => {
  beforeAll(async () => {
    // 7.5 records per account: 10 → 75, 4 → 30. The same seed in two instances yields the same
    // record ids, which the (instanceId, id) keys must keep apart.
    await seedRecords(inst["Contoso Prod"].id, { seed: 1, accounts: 10 });
    await seedRecords(inst["Contoso Test"].id, { seed: 2, accounts: 4 });
    await seedRecords(inst["Fabrikam Prod"].id, { seed: 1, accounts: 10 });
  });

  test("counts the seeded records per instance, and reports an empty instance as zero", async () => {
    const ids = allNames.map((name) => inst[name].id);
    const usage = await measureDataUsage(ids);
    expect([...usage.keys()].sort()).toEqual([...ids].sort());

    const byName = (name: InstanceName) => usage.get(inst[name].id)!;
    expect(byName("Contoso Prod").records).toBe(75);
    expect(byName("Contoso Test").records).toBe(30);
    expect(byName("Fabrikam Prod").records).toBe(75);
    for (const empty of ["Contoso Dev", "Fabrikam UAT"] as const) {
      expect(byName(empty)).toEqual({ records: 0, bytes: 0 });
    }
    for (const seeded of ["Contoso Prod", "Contoso Test", "Fabrikam Prod"] as const) {
      expect(byName(seeded).bytes).toBeGreaterThan(0);
      expect(Number.isSafeInteger(byName(seeded).bytes)).toBe(true);
    }
    expect(byName("Contoso Prod").bytes).toBeGreaterThan(byName("Contoso Test").bytes);
  });

  test("the bytes are the records' text as a backup writes it, the same on every database", async () => {
    // Text and numbers by their characters, dates as ISO text ("2026-12-04T18:34:20.123+00:00").
    const widthOf = (value: unknown) =>
      value === null || value === undefined ? 0 : value instanceof Date ? 29 : String(value).length;
    let expected = 0;
    for (const { table, row } of generateRecords({ seed: 2, accounts: 4 })) {
      const entity = entities.find((e) => e.table === table)!;
      for (const column of entity.columns) expected += widthOf((row as Record<string, unknown>)[column.name]);
    }
    const usage = await measureDataUsage([inst["Contoso Test"].id]);
    expect(usage.get(inst["Contoso Test"].id)).toEqual({ records: 30, bytes: expected });
  });

  test("the counts match the tables", async () => {
    const id = inst["Contoso Prod"].id;
    const counts = await Promise.all([
      prisma.account.count({ where: { instanceId: id } }),
      prisma.contact.count({ where: { instanceId: id } }),
      prisma.opportunity.count({ where: { instanceId: id } }),
      prisma.supportCase.count({ where: { instanceId: id } }),
    ]);
    expect(counts).toEqual([10, 30, 15, 20]);
    const usage = await measureDataUsage([id]);
    expect(usage.get(id)?.records).toBe(counts.reduce((a, b) => a + b, 0));
  });

  test("measuring a subset reports only that subset, with the same numbers", async () => {
    const all = await measureDataUsage(allNames.map((name) => inst[name].id));
    const one = await measureDataUsage([inst["Contoso Test"].id]);
    expect([...one.keys()]).toEqual([inst["Contoso Test"].id]);
    expect(one.get(inst["Contoso Test"].id)).toEqual(all.get(inst["Contoso Test"].id));
  });

  test("no ids gives an empty map; an unknown id gives zeros", async () => {
    expect((await measureDataUsage([])).size).toBe(0);
    expect(await measureDataUsage(["no-such-instance"])).toEqual(
      new Map([["no-such-instance", { records: 0, bytes: 0 }]]),
    );
  });
});
