// Integration: the instance server actions (update to a newer version, switch Production/Sandbox),
// called the way Next.js calls them — a next-auth session cookie in the request, untrusted
// arguments — against this file's SQLite database and backup storage. Every allowed call is checked
// for exactly what it changed and its "accepted" audit entry; every refusal for its typed answer,
// for changing nothing, and for its single "denied" audit entry when the action knew who was asking.
import { existsSync } from "node:fs";
import type { Backup, Instance, Tenant } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { switchInstanceAction, updateInstanceAction } from "@/app/(admin)/instances/actions";
import type { ActionResult } from "@/lib/actions/define-action";
import type { Actor, AdminRole } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { releasedVersions } from "@/lib/instances/versions";
import {
  adminRoles,
  byId,
  expectAccepted,
  expectRefused,
  expectRefusedLikeMissing,
  finishQueuedWork,
  patched,
  sessionEnded,
  snapshot,
  untrusted,
} from "./support/action-checks";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations, storagePath } from "./support/operations";
import { nextCacheMock, replaySignedOutCookie, resetSession, signInAs } from "./support/session";
import { startRestoreAs } from "./support/backup-services";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let contoso: Tenant;
let fabrikam: Tenant;
const actors = {} as Record<"admin" | "noRoles" | "sysAdminOfOther" | "delegatedOfFabrikam" | "adminOfFabrikam", Actor>;
/** An instance of Contoso that only sysAdminOfOther manages, and a finished backup to restore from. */
let other: Instance;
let restorable: Backup;
let counter = 0;

const latest = releasedVersions[releasedVersions.length - 1]!;
const nowhere = "cl0000000000000000000000";

// ---------------------------------------------------------------------------------------------
// Builders

/** A fresh instance of `tenant` (Production, version 9.1.8 unless told). */
async function newInstance(
  tenant: Tenant,
  options: { type?: "Production" | "Sandbox"; version?: string } = {},
): Promise<Instance> {
  const type = options.type ?? "Production";
  return createInstance(tenant.id, {
    name: `${tenant.name} ${type} ${++counter}`,
    type,
    version: options.version ?? "9.1.8",
  });
}

/** A Sandbox of Contoso that a queued restore holds Restoring. */
async function restoringSandbox(): Promise<Instance> {
  const target = await newInstance(contoso, { type: "Sandbox" });
  await startRestoreAs({ actor: actors.admin, backupId: restorable.id, targetInstanceId: target.id });
  const restoring = await prisma.instance.findUniqueOrThrow({ where: { id: target.id } });
  expect(restoring.state).toBe("Restoring");
  return restoring;
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  contoso = await createTenant("Contoso");
  fabrikam = await createTenant("Fabrikam");
  other = await newInstance(contoso);

  actors.admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: contoso.id }]);
  actors.noRoles = await createActor("user@contoso.test", []);
  actors.sysAdminOfOther = await createActor("sysadmin.other@contoso.test", [
    { role: "SystemAdministrator", instanceId: other.id },
  ]);
  actors.delegatedOfFabrikam = await createActor("partner@fabrikam.test", [
    { role: "DelegatedAdmin", tenantId: fabrikam.id },
  ]);
  actors.adminOfFabrikam = await createActor("admin@fabrikam.test", [{ role: "GlobalAdmin", tenantId: fabrikam.id }]);

  const source = await newInstance(contoso, { type: "Sandbox" });
  await seedRecords(source.id, { seed: 1, accounts: 3 });
  const { backup } = await requestBackup({ actor: actors.admin, instance: source, kind: "OnDemand", label: "Source" });
  await runQueuedOperations();
  restorable = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  expect(restorable.status).toBe("Succeeded");
});

beforeEach(() => {
  resetSession();
});

afterEach(finishQueuedWork);

// ---------------------------------------------------------------------------------------------

/** A fresh Contoso instance and an actor holding `role` on it (tenant-wide or on the instance), signed in. */
async function sceneFor(role: AdminRole, options: { type?: "Production" | "Sandbox"; version?: string } = {}) {
  const instance = await newInstance(contoso, options);
  const grant = role === "SystemAdministrator" ? { role, instanceId: instance.id } : { role, tenantId: contoso.id };
  const actor = await createActor(`${role.toLowerCase()}.${counter}@contoso.test`, [grant]);
  await signInAs(actor);
  return { instance, actor };
}

describe.each(adminRoles)("allowed for a %s", (role) => {
  test("updateInstanceAction sets the instance Updating and queues a System backup with the Update", async () => {
    const { instance, actor } = await sceneFor(role, { version: "9.1.8" });
    const before = await snapshot();

    const result = await updateInstanceAction({ instanceId: instance.id, version: "9.3.5" });

    expect(result).toEqual({ ok: true, data: { operationId: expect.any(String), backupId: expect.any(String) } });
    if (!result.ok) return;
    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: result.data.backupId } });
    expect(backup).toMatchObject({
      instanceId: instance.id,
      kind: "System",
      label: "Before update to 9.3.5",
      notes: "",
      createdById: null,
      status: "Queued",
      instanceVersion: "9.1.8",
      storageKey: null,
      systemDay: null,
    });
    expect(backup.expiresAt.getTime()).toBeGreaterThan(backup.createdAt.getTime());
    const operation = await prisma.operation.findUniqueOrThrow({ where: { id: result.data.operationId } });
    expect(operation).toMatchObject({
      type: "Update",
      status: "Queued",
      instanceId: instance.id,
      backupId: backup.id,
      targetVersion: "9.3.5",
      requestedById: actor.userId,
      exclusiveKey: instance.id,
    });
    const after = await snapshot();
    // The version changes only once the backup has succeeded.
    expect(after.world).toEqual({
      ...before.world,
      backups: byId([...before.world.backups, backup]),
      operations: byId([...before.world.operations, operation]),
      instances: patched(before.world.instances, instance.id, { state: "Updating" }),
    });
    expectAccepted(before, after, {
      actor,
      action: "instance.update",
      instanceId: instance.id,
      backupId: backup.id,
      operationId: operation.id,
      detail: "Update from 9.1.8 to 9.3.5 requested.",
    });

    const ran = await runQueuedOperations();
    expect(ran.map((op) => op.id)).toEqual([operation.id]);
    const updated = await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(updated).toEqual({ ...instance, version: "9.3.5", state: "Ready" });
    const finished = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(finished).toMatchObject({ status: "Succeeded", instanceVersion: "9.1.8" });
    expect(existsSync(storagePath(finished.storageKey!))).toBe(true);
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      exclusiveKey: null,
    });
    // The worker audits the backup and the update it completed, in the requester's name.
    const worker = await prisma.auditEntry.findMany({ where: { operationId: operation.id, outcome: "succeeded" } });
    expect(worker).toHaveLength(2);
    expect(worker).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "backup.create",
          actorId: actor.userId,
          instanceId: instance.id,
          backupId: backup.id,
        }),
        expect.objectContaining({
          action: "instance.update",
          actorId: actor.userId,
          instanceId: instance.id,
          backupId: backup.id,
          detail: `Updated ${instance.name} from 9.1.8 to 9.3.5.`,
        }),
      ]),
    );
  });

  test.each([
    ["Production", "Sandbox"],
    ["Sandbox", "Production"],
  ] as const)("switchInstanceAction switches a %s instance to %s, and nothing else", async (from, to) => {
    const { instance, actor } = await sceneFor(role, { type: from });
    const before = await snapshot();

    const result = await switchInstanceAction({ instanceId: instance.id, to });

    expect(result).toEqual({ ok: true, data: { type: to } });
    const after = await snapshot();
    // The switch is kept as a finished Switch operation, for the instance's Activity.
    const added = after.world.operations.filter((op) => !before.world.operations.some((old) => old.id === op.id));
    expect(added).toEqual([
      expect.objectContaining({
        type: "Switch",
        status: "Succeeded",
        instanceId: instance.id,
        detail: `From ${from} to ${to}`,
      }),
    ]);
    expect(after.world).toEqual({
      ...before.world,
      instances: patched(before.world.instances, instance.id, { type: to }),
      operations: byId([...before.world.operations, ...added]),
    });
    expectAccepted(before, after, {
      actor,
      action: "instance.switch",
      instanceId: instance.id,
      operationId: added[0]!.id,
      detail: `Switched ${instance.name} from ${from} to ${to}.`,
    });
  });
});

// ---------------------------------------------------------------------------------------------

type ActionCase = {
  name: string;
  action: string;
  /** Valid arguments naming `instanceId`, for an instance as newInstance builds it. */
  call: (instanceId: string) => Promise<ActionResult<unknown>>;
};
const actionCases: readonly ActionCase[] = [
  {
    name: "updateInstanceAction",
    action: "instance.update",
    call: (instanceId) => updateInstanceAction({ instanceId, version: latest }),
  },
  {
    name: "switchInstanceAction",
    action: "instance.switch",
    call: (instanceId) => switchInstanceAction({ instanceId, to: "Sandbox" }),
  },
];

describe("denied without a valid session (UNAUTHENTICATED, nothing audited)", () => {
  const sessions: [string, () => Promise<unknown>][] = [
    ["no session cookie", () => signInAs(null)],
    ["the cookie of a session that was signed out", () => replaySignedOutCookie(actors.admin)],
  ];

  describe.each(sessions)("%s", (_name, prepare) => {
    test.each(actionCases)("$name", async (c) => {
      const instance = await newInstance(contoso);
      await prepare();
      await expectRefused(() => c.call(instance.id), sessionEnded);
    });
  });
});

describe("denied out of scope: answered exactly like an id that does not exist (NOT_FOUND)", () => {
  const outsiders = [
    ["a user with no roles", "noRoles"],
    ["a SystemAdministrator of another instance", "sysAdminOfOther"],
    ["a DelegatedAdmin of another tenant", "delegatedOfFabrikam"],
    ["a GlobalAdmin of another tenant", "adminOfFabrikam"],
  ] as const;

  describe.each(outsiders)("%s", (_name, key) => {
    test.each(actionCases)("$name", async (c) => {
      const actor = actors[key];
      const instance = await newInstance(contoso);
      await signInAs(actor);
      await expectRefusedLikeMissing(
        c.call,
        { outOfScope: instance.id, missing: nowhere },
        { code: "NOT_FOUND", error: "Instance not found." },
        (instanceId) => ({ actor, action: c.action, instanceId }),
      );
    });
  });

  test.each(actionCases)("$name succeeds for the tenant's GlobalAdmin (the ids above are real)", async (c) => {
    const instance = await newInstance(contoso);
    await signInAs(actors.admin);
    expect(await c.call(instance.id)).toMatchObject({ ok: true });
  });
});

describe("denied invalid input (VALIDATION with field errors)", () => {
  const someMessage = [expect.any(String)];
  /** Name, call for a valid instance id, field errors, the audited action and the detail naming the paths. */
  const cases: [
    string,
    (instanceId: string) => Promise<ActionResult<unknown>>,
    Record<string, unknown>,
    string,
    string,
  ][] = [
    [
      "update: a version that was never released",
      (instanceId) => updateInstanceAction(untrusted({ instanceId, version: "10.0.0" })),
      { version: ["Choose a version."] },
      "instance.update",
      "Invalid input: version.",
    ],
    [
      "update: a version as a number",
      (instanceId) => updateInstanceAction(untrusted({ instanceId, version: 9.3 })),
      { version: ["Choose a version."] },
      "instance.update",
      "Invalid input: version.",
    ],
    [
      "update: no version",
      (instanceId) => updateInstanceAction(untrusted({ instanceId })),
      { version: ["Choose a version."] },
      "instance.update",
      "Invalid input: version.",
    ],
    [
      "update: empty instance id",
      () => updateInstanceAction({ instanceId: "  ", version: latest }),
      { instanceId: someMessage },
      "instance.update",
      "Invalid input: instanceId.",
    ],
    [
      "update: object as instance id",
      (instanceId) => updateInstanceAction(untrusted({ instanceId: { id: instanceId }, version: latest })),
      { instanceId: someMessage },
      "instance.update",
      "Invalid input: instanceId.",
    ],
    [
      "switch: a type that does not exist",
      (instanceId) => switchInstanceAction(untrusted({ instanceId, to: "Staging" })),
      { to: someMessage },
      "instance.switch",
      "Invalid input: to.",
    ],
    [
      "switch: a type in the wrong case",
      (instanceId) => switchInstanceAction(untrusted({ instanceId, to: "sandbox" })),
      { to: someMessage },
      "instance.switch",
      "Invalid input: to.",
    ],
    [
      "switch: no instance id and no type",
      () => switchInstanceAction(untrusted({})),
      { instanceId: someMessage, to: someMessage },
      "instance.switch",
      "Invalid input: instanceId, to.",
    ],
    [
      "switch: 65-character instance id",
      () => switchInstanceAction({ instanceId: "c".repeat(65), to: "Sandbox" }),
      { instanceId: someMessage },
      "instance.switch",
      "Invalid input: instanceId.",
    ],
  ];

  test.each(cases)("%s", async (_name, call, fieldErrors, action, detail) => {
    const instance = await newInstance(contoso);
    await signInAs(actors.admin);
    await expectRefused(() => call(instance.id), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors,
      // Input errors are audited before any instance is resolved, so the entry names none.
      audit: { actor: actors.admin, action, instanceId: null, detail },
    });
  });
});

describe("denied by the update and switch rules", () => {
  test.each([
    ["an older version", "9.2.24", "9.1.8"],
    ["the version it runs", "9.2.24", "9.2.24"],
    ["anything, on the newest version", latest, "9.2.24"],
  ])("updating to %s", async (_name, current, version) => {
    const instance = await newInstance(contoso, { version: current });
    await signInAs(actors.admin);
    await expectRefused(() => updateInstanceAction(untrusted({ instanceId: instance.id, version })), {
      code: "VALIDATION",
      error: `${instance.name} can't be updated to ${version}.`,
      fieldErrors: { version: [`Choose a version newer than ${current}.`] },
      audit: { actor: actors.admin, action: "instance.update", instanceId: instance.id },
    });
  });

  test.each(actionCases)("$name while a backup of the instance is queued", async (c) => {
    const instance = await newInstance(contoso);
    await queueBackup(actors.admin, instance);
    await signInAs(actors.admin);
    await expectRefused(() => c.call(instance.id), {
      code: "CONFLICT",
      error: `A backup is queued on ${instance.name}. Try again when it has finished.`,
      audit: { actor: actors.admin, action: c.action, instanceId: instance.id },
    });
  });

  // A Restoring instance is a Sandbox, so switching it means switching it to Production.
  const onRestoring: readonly ActionCase[] = [
    actionCases[0]!,
    {
      name: "switchInstanceAction",
      action: "instance.switch",
      call: (instanceId) => switchInstanceAction({ instanceId, to: "Production" }),
    },
  ];

  test.each(onRestoring)("$name while the instance is Restoring", async (c) => {
    const target = await restoringSandbox();
    await signInAs(actors.admin);
    await expectRefused(() => c.call(target.id), {
      code: "CONFLICT",
      error: `${target.name} is busy (Restoring). Try again when it is Ready.`,
      audit: { actor: actors.admin, action: c.action, instanceId: target.id },
    });
  });

  test.each(actionCases)("$name while the instance is Updating", async (c) => {
    const instance = await newInstance(contoso);
    await signInAs(actors.admin);
    expect(await updateInstanceAction({ instanceId: instance.id, version: "9.2.24" })).toMatchObject({ ok: true });
    nextCacheMock.revalidatePath.mockClear();
    await expectRefused(() => c.call(instance.id), {
      code: "CONFLICT",
      error: `${instance.name} is busy (Updating). Try again when it is Ready.`,
      audit: { actor: actors.admin, action: c.action, instanceId: instance.id },
    });
  });

  test.each([
    ["Sandbox", "Sandbox"],
    ["Production", "Production"],
  ] as const)("switching a %s instance to %s", async (type, to) => {
    const instance = await newInstance(contoso, { type });
    await signInAs(actors.admin);
    await expectRefused(() => switchInstanceAction({ instanceId: instance.id, to }), {
      code: "CONFLICT",
      error: `${instance.name} is already a ${to} instance.`,
      audit: { actor: actors.admin, action: "instance.switch", instanceId: instance.id },
    });
  });

  test("two updates of one instance at the same moment: exactly one is queued", async () => {
    const instance = await newInstance(contoso);
    await signInAs(actors.admin);
    const results = await Promise.all([
      updateInstanceAction({ instanceId: instance.id, version: "9.2.24" }),
      updateInstanceAction({ instanceId: instance.id, version: latest }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, code: "CONFLICT", error: `${instance.name} is busy (Updating). Try again when it is Ready.` },
    ]);
    expect(await prisma.operation.count({ where: { instanceId: instance.id, type: "Update" } })).toBe(1);
    expect(await prisma.backup.count({ where: { instanceId: instance.id } })).toBe(1);
  });
});
