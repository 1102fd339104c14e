// Integration: the real server actions, called the way Next.js calls them — a next-auth session
// cookie in the request, untrusted arguments — against this file's SQLite database and backup storage.
// Every allowed call is checked for exactly what it changed and its "accepted" audit entry; every
// refusal for its typed answer, for changing nothing, and for its "denied" audit entry when the
// action knew who was asking.
import { existsSync } from "node:fs";
import type { Backup, Instance, Tenant } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import {
  createBackupAction,
  deleteBackupAction,
  editBackupAction,
  restoreBackupAction,
} from "@/app/(admin)/backups/actions";
import { updateRecordAction } from "@/app/(admin)/instances/[instanceId]/data/actions";
import type { ActionResult } from "@/lib/actions/define-action";
import type { Actor, AdminRole } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { manifestKey } from "@/lib/snapshot/format";
import {
  adminRoles,
  byId,
  type DeniedEntry,
  expectAccepted,
  expectFailedUnexpectedly,
  expectRefused,
  expectRefusedLikeMissing,
  finishQueuedWork,
  patched,
  sessionEnded,
  snapshot,
  untrusted,
} from "./support/action-checks";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, recordsHash, runQueuedOperations, storagePath } from "./support/operations";
import {
  encodeSessionToken,
  nextCacheMock,
  replaySignedOutCookie,
  resetSession,
  setSessionCookie,
  signInAs,
  signOut,
} from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let contoso: Tenant;
let fabrikam: Tenant;
const inst = {} as Record<"source" | "spare" | "prod" | "legacy" | "other" | "fabrikamSandbox", Instance>;
const actors = {} as Record<
  "admin" | "adminOfBoth" | "noRoles" | "sysAdminOfOther" | "delegatedOfFabrikam" | "delegatedOfContoso",
  Actor
>;
const backups = {} as Record<"good" | "system", Backup>;
let counter = 0;

// ---------------------------------------------------------------------------------------------
// Builders

/** A fresh instance (Sandbox, 9.2.24 unless told), optionally with generated records. */
async function newInstance(
  tenant: Tenant,
  options: { type?: "Production" | "Sandbox"; version?: string; seed?: number } = {},
): Promise<Instance> {
  const instance = await createInstance(tenant.id, {
    name: `${tenant.name} ${options.type ?? "Sandbox"} ${++counter}`,
    type: options.type,
    version: options.version,
  });
  if (options.seed !== undefined) await seedRecords(instance.id, { seed: options.seed, accounts: 4 });
  return instance;
}

/** Takes a real backup through the service and the worker's code path; returns the finished row. */
async function backUp(instance: Instance, kind: "OnDemand" | "System" = "OnDemand"): Promise<Backup> {
  const { backup } = await requestBackup({
    actor: kind === "System" ? null : actors.admin,
    instance,
    kind,
    label: `${kind} backup of ${instance.name}`,
  });
  await runQueuedOperations();
  const done = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  expect(done.status).toBe("Succeeded");
  return done;
}

async function firstAccount(instanceId: string) {
  return prisma.account.findFirstOrThrow({ where: { instanceId }, orderBy: { id: "asc" } });
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  contoso = await createTenant("Contoso");
  fabrikam = await createTenant("Fabrikam");
  inst.source = await newInstance(contoso, { seed: 1 });
  inst.spare = await newInstance(contoso, { seed: 2 });
  inst.prod = await newInstance(contoso, { type: "Production", seed: 3 });
  inst.legacy = await newInstance(contoso, { version: "8.0" });
  inst.other = await newInstance(contoso);
  inst.fabrikamSandbox = await newInstance(fabrikam, { seed: 4 });

  actors.admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: contoso.id }]);
  actors.adminOfBoth = await createActor("admin@both.test", [
    { role: "GlobalAdmin", tenantId: contoso.id },
    { role: "GlobalAdmin", tenantId: fabrikam.id },
  ]);
  actors.noRoles = await createActor("user@contoso.test", []);
  actors.sysAdminOfOther = await createActor("sysadmin.other@contoso.test", [
    { role: "SystemAdministrator", instanceId: inst.other.id },
  ]);
  actors.delegatedOfFabrikam = await createActor("partner@fabrikam.test", [
    { role: "DelegatedAdmin", tenantId: fabrikam.id },
  ]);
  actors.delegatedOfContoso = await createActor("partner@contoso.test", [
    { role: "DelegatedAdmin", tenantId: contoso.id },
  ]);

  backups.good = await backUp(inst.source);
  backups.system = await backUp(inst.source, "System");
});

beforeEach(() => {
  resetSession();
});

afterEach(finishQueuedWork);

// ---------------------------------------------------------------------------------------------

/**
 * A source with records, a Sandbox target with other records, and an actor holding `role` on both
 * (tenant-wide for GlobalAdmin and DelegatedAdmin, per instance for SystemAdministrator), signed in.
 */
async function sceneFor(role: AdminRole) {
  const source = await newInstance(contoso, { seed: 10 + counter });
  const target = await newInstance(contoso, { seed: 20 + counter });
  const grants =
    role === "SystemAdministrator"
      ? [
          { role, instanceId: source.id },
          { role, instanceId: target.id },
        ]
      : [{ role, tenantId: contoso.id }];
  const actor = await createActor(`${role.toLowerCase()}.${counter}@contoso.test`, grants);
  await signInAs(actor);
  return { source, target, actor };
}

describe.each(adminRoles)("allowed for a %s", (role) => {
  test("createBackupAction queues a Backup and its Operation, which the worker then runs", async () => {
    const { source, actor } = await sceneFor(role);
    const before = await snapshot();

    const result = await createBackupAction({ instanceId: source.id, label: "  Before the import  ", notes: "Q3" });

    expect(result).toEqual({
      ok: true,
      data: { backupId: expect.any(String), operationId: expect.any(String), instanceId: source.id },
    });
    if (!result.ok) return;
    const after = await snapshot();
    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: result.data.backupId } });
    expect(backup).toMatchObject({
      instanceId: source.id,
      kind: "OnDemand",
      label: "Before the import",
      notes: "Q3",
      status: "Queued",
      createdById: actor.userId,
      instanceVersion: source.version,
      storageKey: null,
    });
    const operation = await prisma.operation.findUniqueOrThrow({ where: { id: result.data.operationId } });
    expect(operation).toMatchObject({
      type: "Backup",
      status: "Queued",
      instanceId: source.id,
      backupId: backup.id,
      requestedById: actor.userId,
    });
    expect(after.world.backups).toHaveLength(before.world.backups.length + 1);
    expect(after.world.operations).toHaveLength(before.world.operations.length + 1);
    // A backup leaves the instance and its records as they were.
    expect(after.world.instances).toEqual(before.world.instances);
    expect(after.world.records).toEqual(before.world.records);
    expectAccepted(before, after, {
      actor,
      action: "backup.create",
      instanceId: source.id,
      backupId: backup.id,
      operationId: operation.id,
    });

    await runQueuedOperations();
    const finished = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(finished.status).toBe("Succeeded");
    expect(existsSync(storagePath(finished.storageKey!))).toBe(true);
  });

  test("editBackupAction changes the label and notes, and nothing else", async () => {
    const { source, actor } = await sceneFor(role);
    const backup = await backUp(source);
    const before = await snapshot();

    const label = "L".repeat(100);
    const notes = "N".repeat(2000);
    const result = await editBackupAction({ backupId: backup.id, label: ` ${label} `, notes });

    expect(result).toEqual({ ok: true, data: { backupId: backup.id } });
    const after = await snapshot();
    expect(after.world).toEqual({
      ...before.world,
      backups: patched(before.world.backups, backup.id, { label, notes }),
    });
    expectAccepted(before, after, { actor, action: "backup.edit", instanceId: source.id, backupId: backup.id });
  });

  test("deleteBackupAction removes the row, its stored file and its manifest", async () => {
    const { source, actor } = await sceneFor(role);
    const backup = await backUp(source);
    const file = storagePath(backup.storageKey!);
    const manifest = storagePath(manifestKey(backup.storageKey!));
    expect(existsSync(file)).toBe(true);
    expect(existsSync(manifest)).toBe(true);
    const before = await snapshot();

    const result = await deleteBackupAction({ backupId: backup.id });

    expect(result).toEqual({ ok: true, data: { backupId: backup.id } });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(manifest)).toBe(false);
    const after = await snapshot();
    const deletedFiles = [backup.storageKey!, manifestKey(backup.storageKey!)];
    expect(after.world).toEqual({
      ...before.world,
      backups: before.world.backups.filter((b) => b.id !== backup.id),
      // The backup's own operation outlives it, detached (onDelete: SetNull).
      operations: before.world.operations.map((op) => (op.backupId === backup.id ? { ...op, backupId: null } : op)),
      files: before.world.files.filter((f) => !deletedFiles.includes(f)),
    });
    expectAccepted(before, after, { actor, action: "backup.delete", instanceId: source.id, backupId: backup.id });
  });

  test("restoreBackupAction queues a restore into a Sandbox and sets the target Restoring", async () => {
    const { source, target, actor } = await sceneFor(role);
    const backup = await backUp(source);
    const sourceHash = await recordsHash(source.id);
    const before = await snapshot();
    expect(before.world.records[target.id]).not.toBe(sourceHash);

    const result = await restoreBackupAction({ backupId: backup.id, targetInstanceId: target.id });

    expect(result).toEqual({ ok: true, data: { operationId: expect.any(String) } });
    if (!result.ok) return;
    const operation = await prisma.operation.findUniqueOrThrow({ where: { id: result.data.operationId } });
    expect(operation).toMatchObject({
      type: "Restore",
      status: "Queued",
      instanceId: target.id,
      backupId: backup.id,
      requestedById: actor.userId,
      exclusiveKey: target.id,
    });
    const after = await snapshot();
    expect(after.world).toEqual({
      ...before.world,
      operations: byId([...before.world.operations, operation]),
      instances: patched(before.world.instances, target.id, { state: "Restoring" }),
    });
    expectAccepted(before, after, {
      actor,
      action: "backup.restore",
      instanceId: target.id,
      backupId: backup.id,
      operationId: operation.id,
    });

    await runQueuedOperations();
    expect(await recordsHash(target.id)).toBe(sourceHash);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
  });

  test("updateRecordAction changes the record's editable fields only", async () => {
    const { source, actor } = await sceneFor(role);
    const account = await firstAccount(source.id);
    const before = await snapshot();

    const result = await updateRecordAction({
      instanceId: source.id,
      entity: "accounts",
      recordId: account.id,
      // Not editable, so ignored: moving a record to another instance, or renumbering it.
      values: { name: "  Renamed Ltd  ", city: "Lisbon", instanceId: inst.spare.id, id: "999" },
    });

    expect(result).toEqual({ ok: true, data: { recordId: account.id } });
    const updated = await firstAccount(source.id);
    expect(updated).toEqual({ ...account, name: "Renamed Ltd", city: "Lisbon", modifiedAt: expect.any(Date) });
    expect(updated.modifiedAt.getTime()).toBeGreaterThanOrEqual(account.modifiedAt.getTime());
    const after = await snapshot();
    expect(after.world).toEqual({
      ...before.world,
      records: { ...before.world.records, [source.id]: expect.any(String) },
    });
    expect(after.world.records[source.id]).not.toBe(before.world.records[source.id]);
    expectAccepted(before, after, {
      actor,
      action: "record.update",
      instanceId: source.id,
      detail: `Edited Account ${account.id} (name, city).`,
    });
  });
});

// ---------------------------------------------------------------------------------------------

/** Each action with valid arguments naming `ids`, and what an out-of-scope or unknown id answers. */
type Ids = { instanceId: string; backupId: string; targetInstanceId: string };
type ActionCase = {
  name: string;
  /** The audit log's name for the action. */
  action: string;
  call: (ids: Ids) => Promise<ActionResult<unknown>>;
  notFound: string;
  /** What its "denied" entry names besides the actor and action when it refuses `ids`. */
  audited: (ids: Ids) => Pick<DeniedEntry, "instanceId" | "backupId" | "detail">;
};
const actionCases: readonly ActionCase[] = [
  {
    name: "createBackupAction",
    action: "backup.create",
    call: (ids: Ids) => createBackupAction({ instanceId: ids.instanceId, label: "Nightly", notes: "" }),
    notFound: "Instance not found.",
    // Actions naming the instance directly audit it; actions naming a backup know no instance yet,
    // but audit the backup id they were given.
    audited: (ids: Ids) => ({ instanceId: ids.instanceId, backupId: null, detail: "Instance not found." }),
  },
  {
    name: "editBackupAction",
    action: "backup.edit",
    call: (ids: Ids) => editBackupAction({ backupId: ids.backupId, label: "Renamed", notes: "" }),
    notFound: "Backup not found.",
    audited: (ids: Ids) => ({ instanceId: null, backupId: ids.backupId, detail: "Backup not found." }),
  },
  {
    name: "deleteBackupAction",
    action: "backup.delete",
    call: (ids: Ids) => deleteBackupAction({ backupId: ids.backupId }),
    notFound: "Backup not found.",
    audited: (ids: Ids) => ({ instanceId: null, backupId: ids.backupId, detail: "Backup not found." }),
  },
  {
    name: "restoreBackupAction",
    action: "backup.restore",
    call: (ids: Ids) => restoreBackupAction({ backupId: ids.backupId, targetInstanceId: ids.targetInstanceId }),
    notFound: "Backup not found.",
    audited: (ids: Ids) => ({
      instanceId: null,
      backupId: ids.backupId,
      detail: `Backup not found. Target instance: ${ids.targetInstanceId}.`,
    }),
  },
  {
    name: "updateRecordAction",
    action: "record.update",
    call: (ids: Ids) =>
      updateRecordAction({ instanceId: ids.instanceId, entity: "accounts", recordId: 1, values: { name: "X" } }),
    notFound: "Instance not found.",
    audited: (ids: Ids) => ({ instanceId: ids.instanceId, backupId: null, detail: "Instance not found." }),
  },
];

/** Ids the GlobalAdmin of Contoso may act on. */
const inScope = (): Ids => ({
  instanceId: inst.source.id,
  backupId: backups.good.id,
  targetInstanceId: inst.spare.id,
});
const unknown = (): Ids => ({
  instanceId: "cl0000000000000000000000",
  backupId: "cl0000000000000000000001",
  targetInstanceId: inst.spare.id,
});

describe("denied without a valid session (UNAUTHENTICATED, nothing audited)", () => {
  const sessions: [string, () => Promise<unknown>][] = [
    ["no session cookie", () => signInAs(null)],
    [
      "a tampered cookie",
      async () => {
        const cookie = (await signInAs(actors.admin))!;
        // Change one character in the middle of the encrypted payload.
        const at = Math.floor(cookie.length / 2);
        setSessionCookie(cookie.slice(0, at) + (cookie[at] === "A" ? "B" : "A") + cookie.slice(at + 1));
      },
    ],
    [
      "a cookie signed with another secret",
      async () =>
        setSessionCookie(await encodeSessionToken({ uid: actors.admin.userId, sv: 0 }, { secret: "x".repeat(48) })),
    ],
    [
      "an expired cookie",
      async () => setSessionCookie(await encodeSessionToken({ uid: actors.admin.userId, sv: 0 }, { maxAge: -3600 })),
    ],
    ["the cookie of a session that was signed out (sv no longer matches)", () => replaySignedOutCookie(actors.admin)],
    [
      "a cookie naming a user who does not exist",
      async () => setSessionCookie(await encodeSessionToken({ uid: "cl00000000000000000000ff", sv: 0 })),
    ],
    [
      "a cookie without a user id",
      async () => setSessionCookie(await encodeSessionToken({ sv: 0, email: actors.admin.email })),
    ],
  ];

  describe.each(sessions)("%s", (_name, prepare) => {
    test.each(actionCases)("$name", async (c) => {
      await prepare();
      await expectRefused(() => c.call(inScope()), sessionEnded);
    });
  });

  test("the harness's own session is accepted until it is signed out", async () => {
    await signInAs(actors.admin);
    expect(await createBackupAction({ instanceId: inst.legacy.id, label: "x", notes: "" })).toMatchObject({
      code: "VALIDATION",
    });
    await signOut();
    expect(await createBackupAction({ instanceId: inst.legacy.id, label: "x", notes: "" })).toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});

describe("denied out of scope: answered exactly like an id that does not exist (NOT_FOUND)", () => {
  const outsiders = [
    ["a user with no roles", "noRoles"],
    ["a SystemAdministrator of another instance", "sysAdminOfOther"],
    ["a DelegatedAdmin of another tenant", "delegatedOfFabrikam"],
  ] as const;

  describe.each(outsiders)("%s", (_name, key) => {
    test.each(actionCases)("$name", async (c) => {
      const actor = actors[key];
      await signInAs(actor);
      await expectRefusedLikeMissing(
        c.call,
        { outOfScope: inScope(), missing: unknown() },
        { code: "NOT_FOUND", error: c.notFound },
        (ids) => ({ actor, action: c.action, ...c.audited(ids) }),
      );
    });
  });

  test("the same calls succeed for the tenant's GlobalAdmin (the ids above are real)", async () => {
    await signInAs(actors.admin);
    const account = await firstAccount(inst.source.id);
    expect(
      await updateRecordAction({
        instanceId: inst.source.id,
        entity: "accounts",
        recordId: account.id,
        values: { name: account.name },
      }),
    ).toEqual({ ok: true, data: { recordId: account.id } });
    expect(await editBackupAction({ backupId: backups.good.id, label: backups.good.label, notes: "" })).toEqual({
      ok: true,
      data: { backupId: backups.good.id },
    });
  });

  test("a record id that does not exist in an instance in scope", async () => {
    await signInAs(actors.admin);
    await expectRefused(
      () =>
        updateRecordAction({
          instanceId: inst.source.id,
          entity: "contacts",
          recordId: 999_999,
          values: { firstName: "X" },
        }),
      {
        code: "NOT_FOUND",
        error: "Contact not found.",
        audit: { actor: actors.admin, action: "record.update", instanceId: inst.source.id },
      },
    );
  });

  test("a record id of another instance is not reachable through an instance in scope", async () => {
    const onlyOther = await createActor(`sysadmin.${++counter}@contoso.test`, [
      { role: "SystemAdministrator", instanceId: inst.other.id },
    ]);
    await signInAs(onlyOther);
    const account = await firstAccount(inst.source.id);
    await expectRefused(
      () =>
        updateRecordAction({
          instanceId: inst.other.id,
          entity: "accounts",
          recordId: account.id,
          values: { name: "X" },
        }),
      {
        code: "NOT_FOUND",
        error: "Account not found.",
        audit: { actor: onlyOther, action: "record.update", instanceId: inst.other.id },
      },
    );
  });
});

describe("denied invalid input (VALIDATION with field errors)", () => {
  const someMessage = [expect.any(String)];
  /** Name, call, field errors, the audited action and the detail naming the invalid paths. */
  const cases: [string, () => Promise<ActionResult<unknown>>, Record<string, unknown>, string, string][] = [
    [
      "create: empty label",
      () => createBackupAction({ instanceId: inst.source.id, label: "", notes: "" }),
      { label: ["Enter a label."] },
      "backup.create",
      "Invalid input: label.",
    ],
    [
      "create: whitespace label",
      () => createBackupAction({ instanceId: inst.source.id, label: " \t  ", notes: "" }),
      { label: ["Enter a label."] },
      "backup.create",
      "Invalid input: label.",
    ],
    [
      "create: 101-character label",
      () => createBackupAction({ instanceId: inst.source.id, label: "x".repeat(101), notes: "" }),
      { label: ["Use at most 100 characters."] },
      "backup.create",
      "Invalid input: label.",
    ],
    [
      "create: 2001-character notes",
      () => createBackupAction({ instanceId: inst.source.id, label: "ok", notes: "n".repeat(2001) }),
      { notes: ["Use at most 2,000 characters."] },
      "backup.create",
      "Invalid input: notes.",
    ],
    [
      "create: numeric instance id",
      () => createBackupAction(untrusted({ instanceId: 42, label: "ok", notes: "" })),
      { instanceId: someMessage },
      "backup.create",
      "Invalid input: instanceId.",
    ],
    [
      "create: empty instance id and missing label",
      () => createBackupAction(untrusted({ instanceId: "  " })),
      { instanceId: someMessage, label: someMessage },
      "backup.create",
      "Invalid input: label, instanceId.",
    ],
    [
      "edit: empty label",
      () => editBackupAction({ backupId: backups.good.id, label: "", notes: "" }),
      { label: ["Enter a label."] },
      "backup.edit",
      "Invalid input: label.",
    ],
    [
      "edit: whitespace label",
      () => editBackupAction({ backupId: backups.good.id, label: "   ", notes: "" }),
      { label: ["Enter a label."] },
      "backup.edit",
      "Invalid input: label.",
    ],
    [
      "edit: 101-character label",
      () => editBackupAction({ backupId: backups.good.id, label: "x".repeat(101), notes: "" }),
      { label: ["Use at most 100 characters."] },
      "backup.edit",
      "Invalid input: label.",
    ],
    [
      "edit: 2001-character notes",
      () => editBackupAction({ backupId: backups.good.id, label: "ok", notes: "n".repeat(2001) }),
      { notes: ["Use at most 2,000 characters."] },
      "backup.edit",
      "Invalid input: notes.",
    ],
    [
      "edit: object as backup id",
      () => editBackupAction(untrusted({ backupId: { id: backups.good.id }, label: "ok", notes: "" })),
      { backupId: someMessage },
      "backup.edit",
      "Invalid input: backupId.",
    ],
    [
      "delete: null backup id",
      () => deleteBackupAction(untrusted({ backupId: null })),
      { backupId: someMessage },
      "backup.delete",
      "Invalid input: backupId.",
    ],
    [
      "delete: array as backup id",
      () => deleteBackupAction(untrusted({ backupId: [backups.good.id] })),
      { backupId: someMessage },
      "backup.delete",
      "Invalid input: backupId.",
    ],
    [
      "delete: 65-character backup id",
      () => deleteBackupAction({ backupId: "c".repeat(65) }),
      { backupId: someMessage },
      "backup.delete",
      "Invalid input: backupId.",
    ],
    [
      "restore: numeric target id",
      () => restoreBackupAction(untrusted({ backupId: backups.good.id, targetInstanceId: 7 })),
      { targetInstanceId: someMessage },
      "backup.restore",
      "Invalid input: targetInstanceId.",
    ],
    [
      "restore: boolean backup id",
      () => restoreBackupAction(untrusted({ backupId: true, targetInstanceId: inst.spare.id })),
      { backupId: someMessage },
      "backup.restore",
      "Invalid input: backupId.",
    ],
    [
      "update: numeric instance id",
      () => updateRecordAction(untrusted({ instanceId: 1, entity: "accounts", recordId: 1, values: { name: "X" } })),
      { instanceId: someMessage },
      "record.update",
      "Invalid input: instanceId.",
    ],
    [
      "update: string record id",
      () =>
        updateRecordAction(
          untrusted({ instanceId: inst.source.id, entity: "accounts", recordId: "1", values: { name: "X" } }),
        ),
      { recordId: someMessage },
      "record.update",
      "Invalid input: recordId.",
    ],
    [
      "update: unknown entity",
      () =>
        updateRecordAction(
          untrusted({ instanceId: inst.source.id, entity: "users", recordId: 1, values: { name: "X" } }),
        ),
      { entity: someMessage },
      "record.update",
      "Invalid input: entity.",
    ],
    [
      "update: blank value",
      () => updateRecordAction({ instanceId: inst.source.id, entity: "accounts", recordId: 1, values: { name: "  " } }),
      { values: ["Enter a value."] },
      "record.update",
      "Invalid input: values.",
    ],
    [
      "update: 201-character value",
      () =>
        updateRecordAction({
          instanceId: inst.source.id,
          entity: "accounts",
          recordId: 1,
          values: { name: "v".repeat(201) },
        }),
      { values: ["Use at most 200 characters."] },
      "record.update",
      "Invalid input: values.",
    ],
  ];

  test.each(cases)("%s", async (_name, call, fieldErrors, action, detail) => {
    await signInAs(actors.admin);
    await expectRefused(call, {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors,
      // Input errors are audited before the action resolves any instance or backup, so the entry
      // names neither; its detail lists the invalid paths.
      audit: { actor: actors.admin, action, instanceId: null, backupId: null, detail },
    });
  });
});

describe("denied by the backup and restore rules", () => {
  const denied = (actor: Actor, action: string, instanceId: string | null) => ({ actor, action, instanceId });
  /** A refused edit or delete also names the backup it was asked about. */
  const deniedOnBackup = (actor: Actor, action: string, instanceId: string, backupId: string) => ({
    actor,
    action,
    instanceId,
    backupId,
  });
  /** A refused restore names the backup, and its detail names the target after the message. */
  const deniedRestore = (
    actor: Actor,
    refused: { instanceId: string; backupId: string; targetInstanceId: string; error: string },
  ) => ({
    actor,
    action: "backup.restore",
    instanceId: refused.instanceId,
    backupId: refused.backupId,
    detail: `${refused.error} Target instance: ${refused.targetInstanceId}.`,
  });

  test("editing a System backup", async () => {
    await signInAs(actors.admin);
    await expectRefused(() => editBackupAction({ backupId: backups.system.id, label: "Mine now", notes: "" }), {
      code: "VALIDATION",
      error: "System backups can't be edited; they can only be restored.",
      audit: deniedOnBackup(actors.admin, "backup.edit", inst.source.id, backups.system.id),
    });
  });

  test("deleting a System backup (its file stays)", async () => {
    await signInAs(actors.delegatedOfContoso);
    await expectRefused(() => deleteBackupAction({ backupId: backups.system.id }), {
      code: "VALIDATION",
      error: "System backups can't be deleted; they can only be restored.",
      audit: deniedOnBackup(actors.delegatedOfContoso, "backup.delete", inst.source.id, backups.system.id),
    });
    expect(existsSync(storagePath(backups.system.storageKey!))).toBe(true);
  });

  test("deleting a backup that is still being created", async () => {
    const { backup } = await queueBackup(actors.admin, inst.source);
    await signInAs(actors.admin);
    await expectRefused(() => deleteBackupAction({ backupId: backup.id }), {
      code: "CONFLICT",
      error: "This backup is still being created. Delete it once it has finished.",
      audit: deniedOnBackup(actors.admin, "backup.delete", inst.source.id, backup.id),
    });
  });

  test("deleting a backup while it is being restored", async () => {
    const target = await newInstance(contoso);
    await signInAs(actors.admin);
    expect(await restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id })).toMatchObject({
      ok: true,
    });
    nextCacheMock.revalidatePath.mockClear();
    await expectRefused(() => deleteBackupAction({ backupId: backups.good.id }), {
      code: "CONFLICT",
      error: "This backup is being restored. Delete it once the restore has finished.",
      audit: deniedOnBackup(actors.admin, "backup.delete", inst.source.id, backups.good.id),
    });
  });

  test("restoring to a Production instance", async () => {
    await signInAs(actors.admin);
    const error = `You can only restore to a Sandbox instance. Switch ${inst.prod.name} to Sandbox first.`;
    await expectRefused(() => restoreBackupAction({ backupId: backups.good.id, targetInstanceId: inst.prod.id }), {
      code: "VALIDATION",
      error,
      audit: deniedRestore(actors.admin, {
        instanceId: inst.source.id,
        backupId: backups.good.id,
        targetInstanceId: inst.prod.id,
        error,
      }),
    });
  });

  test("restoring a Failed backup", async () => {
    const failed = await prisma.backup.create({
      data: {
        instanceId: inst.source.id,
        kind: "OnDemand",
        label: "Broken",
        status: "Failed",
        failureReason: "The snapshot could not be written.",
        createdById: actors.admin.userId,
        expiresAt: new Date(Date.now() + 86_400_000),
        instanceVersion: inst.source.version,
      },
    });
    await signInAs(actors.admin);
    const error = "This backup failed, so it can't be restored.";
    await expectRefused(() => restoreBackupAction({ backupId: failed.id, targetInstanceId: inst.spare.id }), {
      code: "CONFLICT",
      error,
      audit: deniedRestore(actors.admin, {
        instanceId: inst.source.id,
        backupId: failed.id,
        targetInstanceId: inst.spare.id,
        error,
      }),
    });
  });

  test("restoring a Queued backup", async () => {
    const { backup } = await queueBackup(actors.admin, inst.source);
    await signInAs(actors.admin);
    const error = "This backup hasn't finished yet. Restore it once it has succeeded.";
    await expectRefused(() => restoreBackupAction({ backupId: backup.id, targetInstanceId: inst.spare.id }), {
      code: "CONFLICT",
      error,
      audit: deniedRestore(actors.admin, {
        instanceId: inst.source.id,
        backupId: backup.id,
        targetInstanceId: inst.spare.id,
        error,
      }),
    });
  });

  test("restoring an expired backup", async () => {
    const backup = await backUp(inst.source);
    await prisma.backup.update({ where: { id: backup.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await signInAs(actors.admin);
    // The action resolves the source instance with a lookup that includes expired backups, so an
    // actor who may see the backup is told it expired, and the entry names its instance.
    const error = "This backup has expired and can no longer be restored.";
    await expectRefused(() => restoreBackupAction({ backupId: backup.id, targetInstanceId: inst.spare.id }), {
      code: "CONFLICT",
      error,
      audit: deniedRestore(actors.admin, {
        instanceId: inst.source.id,
        backupId: backup.id,
        targetInstanceId: inst.spare.id,
        error,
      }),
    });
  });

  test("restoring to a target in another tenant, for an admin of both tenants", async () => {
    await signInAs(actors.adminOfBoth);
    await expectRefused(
      () => restoreBackupAction({ backupId: backups.good.id, targetInstanceId: inst.fabrikamSandbox.id }),
      {
        code: "VALIDATION",
        error: "A backup can only be restored to an instance of the same tenant.",
        audit: deniedRestore(actors.adminOfBoth, {
          instanceId: inst.source.id,
          backupId: backups.good.id,
          targetInstanceId: inst.fabrikamSandbox.id,
          error: "A backup can only be restored to an instance of the same tenant.",
        }),
      },
    );
  });

  test("restoring to a target in another tenant, for an admin of the source's tenant only", async () => {
    await signInAs(actors.admin);
    await expectRefused(
      () => restoreBackupAction({ backupId: backups.good.id, targetInstanceId: inst.fabrikamSandbox.id }),
      {
        code: "NOT_FOUND",
        error: "Instance not found.",
        audit: deniedRestore(actors.admin, {
          instanceId: inst.source.id,
          backupId: backups.good.id,
          targetInstanceId: inst.fabrikamSandbox.id,
          error: "Instance not found.",
        }),
      },
    );
  });

  test("restoring into an instance the actor does not manage, though the backup is theirs", async () => {
    const sysAdminOfSource = await createActor(`sysadmin.${++counter}@contoso.test`, [
      { role: "SystemAdministrator", instanceId: inst.source.id },
    ]);
    await signInAs(sysAdminOfSource);
    await expectRefused(() => restoreBackupAction({ backupId: backups.good.id, targetInstanceId: inst.spare.id }), {
      code: "NOT_FOUND",
      error: "Instance not found.",
      audit: deniedRestore(sysAdminOfSource, {
        instanceId: inst.source.id,
        backupId: backups.good.id,
        targetInstanceId: inst.spare.id,
        error: "Instance not found.",
      }),
    });
  });

  test("a second restore into an instance that is already Restoring", async () => {
    const target = await newInstance(contoso, { seed: 5 });
    const second = await backUp(inst.spare);
    await signInAs(actors.admin);
    expect(await restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id })).toMatchObject({
      ok: true,
    });
    nextCacheMock.revalidatePath.mockClear();
    for (const backupId of [backups.good.id, second.id]) {
      const error = `A restore is already running on ${target.name}.`;
      await expectRefused(() => restoreBackupAction({ backupId, targetInstanceId: target.id }), {
        code: "CONFLICT",
        error,
        audit: deniedRestore(actors.admin, {
          instanceId: backupId === second.id ? inst.spare.id : inst.source.id,
          backupId,
          targetInstanceId: target.id,
          error,
        }),
      });
    }
  });

  test("two restores into one instance at the same moment: exactly one is queued", async () => {
    const target = await newInstance(contoso);
    await signInAs(actors.admin);
    const results = await Promise.all([
      restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id }),
      restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, code: "CONFLICT", error: `A restore is already running on ${target.name}.` },
    ]);
    expect(await prisma.operation.count({ where: { instanceId: target.id, type: "Restore" } })).toBe(1);
  });

  test("an on-demand backup of a version 8.0 instance", async () => {
    await signInAs(actors.admin);
    await expectRefused(() => createBackupAction({ instanceId: inst.legacy.id, label: "Before upgrade", notes: "" }), {
      code: "VALIDATION",
      error: `${inst.legacy.name} runs version 8.0. On-demand backups need version 8.1 or later.`,
      audit: denied(actors.admin, "backup.create", inst.legacy.id),
    });
  });

  test("an on-demand backup of an instance that is being restored", async () => {
    const target = await newInstance(contoso, { seed: 6 });
    await signInAs(actors.admin);
    expect(await restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id })).toMatchObject({
      ok: true,
    });
    nextCacheMock.revalidatePath.mockClear();
    await expectRefused(() => createBackupAction({ instanceId: target.id, label: "During", notes: "" }), {
      code: "CONFLICT",
      error: new RegExp(`^${target.name} is being restored\\. Try again when `),
      audit: denied(actors.admin, "backup.create", target.id),
    });
  });

  test("a record update while the instance is Restoring", async () => {
    const target = await newInstance(contoso, { seed: 7 });
    const account = await firstAccount(target.id);
    await signInAs(actors.admin);
    expect(await restoreBackupAction({ backupId: backups.good.id, targetInstanceId: target.id })).toMatchObject({
      ok: true,
    });
    nextCacheMock.revalidatePath.mockClear();
    await expectRefused(
      () =>
        updateRecordAction({
          instanceId: target.id,
          entity: "accounts",
          recordId: account.id,
          values: { name: "Late" },
        }),
      {
        code: "CONFLICT",
        error: `${target.name} is unavailable while it is restoring.`,
        audit: denied(actors.admin, "record.update", target.id),
      },
    );
  });
});

describe("failed unexpectedly (INTERNAL, audited as failed)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("an edit whose write fails names the backup in its entry", async () => {
    await signInAs(actors.admin);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(prisma, "$transaction").mockRejectedValueOnce(new Error("disk I/O error"));
    await expectFailedUnexpectedly(() => editBackupAction({ backupId: backups.good.id, label: "Renamed", notes: "" }), {
      actor: actors.admin,
      action: "backup.edit",
      instanceId: inst.source.id,
      backupId: backups.good.id,
      detail: "Unexpected error.",
    });
  });

  test("a restore whose transaction fails names the backup and the target in its entry", async () => {
    await signInAs(actors.admin);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(prisma, "$transaction").mockRejectedValueOnce(new Error("database is locked"));
    await expectFailedUnexpectedly(
      () => restoreBackupAction({ backupId: backups.good.id, targetInstanceId: inst.spare.id }),
      {
        actor: actors.admin,
        action: "backup.restore",
        instanceId: inst.source.id,
        backupId: backups.good.id,
        detail: `Unexpected error. Target instance: ${inst.spare.id}.`,
      },
    );
  });
});
