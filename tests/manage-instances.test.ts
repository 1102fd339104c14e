// Integration: creating, renaming and deleting instances through their server actions, as a Global
// admin of the tenant, against this file's SQLite database and backup storage. Who may call them at
// all (and that everyone else is refused like a missing id) is the authorization matrix's job; this
// file covers what each does, the rules that refuse it, and what a deleted instance leaves behind.
import { existsSync } from "node:fs";
import type { Instance, Tenant } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { restoreBackupAction } from "@/app/(admin)/backups/actions";
import { createInstanceAction, deleteInstanceAction, renameInstanceAction } from "@/app/(admin)/instances/actions";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { ensureDailySystemBackups } from "@/lib/lifecycle/system-backups";
import { manifestKey } from "@/lib/snapshot/format";
import { expectAccepted, expectRefused, finishQueuedWork, snapshot } from "./support/action-checks";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { recordsHash, runQueuedOperations, storagePath } from "./support/operations";
import { resetSession, signInAs } from "./support/session";
import { startRestoreAs } from "./support/backup-services";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let contoso: Tenant;
let fabrikam: Tenant;
const actors = {} as Record<"admin" | "delegated" | "adminOfFabrikam", Actor>;
let counter = 0;

const newSandbox = (tenant: Tenant, seed?: number) =>
  createInstance(tenant.id, { name: `${tenant.name} Sandbox ${++counter}`, type: "Sandbox" }).then(async (i) => {
    if (seed !== undefined) await seedRecords(i.id, { seed, accounts: 2 });
    return i;
  });

/** A finished on-demand backup of `instance`. */
async function finishedBackup(instance: Instance) {
  const { backup } = await requestBackup({ actor: null, instance, kind: "OnDemand", label: `Before ${++counter}` });
  await runQueuedOperations();
  return prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
}

const newInstanceInput = (overrides: Record<string, string> = {}) => ({
  tenantId: contoso.id,
  name: `New sandbox ${++counter}`,
  domain: `new-sandbox-${counter}.crm.example`,
  type: "Sandbox",
  version: "9.2.24",
  region: "Europe",
  ...overrides,
});

beforeAll(async () => {
  contoso = await createTenant("Contoso");
  fabrikam = await createTenant("Fabrikam");
  actors.admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: contoso.id }]);
  actors.delegated = await createActor("partner@fabrikam.test", [{ role: "DelegatedAdmin", tenantId: contoso.id }]);
  actors.adminOfFabrikam = await createActor("admin@fabrikam.test", [{ role: "GlobalAdmin", tenantId: fabrikam.id }]);
});

beforeEach(async () => {
  resetSession();
  await signInAs(actors.admin);
});

afterEach(() => finishQueuedWork());

describe("create an instance", () => {
  test("it starts empty, records a finished Create operation, and gets its daily system backup", async () => {
    const before = await snapshot();
    const input = newInstanceInput({ domain: "HTTPS://Contoso-New.CRM.example/" });
    const result = await createInstanceAction(input as never);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: result.data.instanceId } });
    // The pasted address is stored as the host name.
    expect(instance).toMatchObject({ name: input.name, domain: "contoso-new.crm.example", type: "Sandbox" });
    expect(instance).toMatchObject({ tenantId: contoso.id, version: "9.2.24", region: "Europe", state: "Ready" });
    expect(await prisma.account.count({ where: { instanceId: instance.id } })).toBe(0);
    const operation = await prisma.operation.findUniqueOrThrow({ where: { id: result.data.operationId } });
    expect(operation).toMatchObject({ type: "Create", status: "Succeeded", requestedById: actors.admin.userId });
    expectAccepted(before, await snapshot(), {
      actor: actors.admin,
      action: "instance.create",
      instanceId: instance.id,
      tenantId: contoso.id,
      operationId: operation.id,
      detail: `Created Sandbox instance ${input.name} (contoso-new.crm.example), version 9.2.24, in Europe.`,
    });

    const run = await ensureDailySystemBackups({ now: new Date() });
    expect(run.queued).toContain(instance.id);
  });

  test("a name already used in the tenant is a Conflict on the name field; nothing changes", async () => {
    const existing = await newSandbox(contoso);
    await expectRefused(() => createInstanceAction(newInstanceInput({ name: existing.name }) as never), {
      code: "CONFLICT",
      error: `An instance named ${existing.name} already exists. Choose another name.`,
      fieldErrors: { name: [`An instance named ${existing.name} already exists. Choose another name.`] },
      audit: { actor: actors.admin, action: "instance.create", instanceId: null, tenantId: contoso.id },
    });
  });

  test("the same name in another tenant is fine; a domain used anywhere is a Conflict", async () => {
    const elsewhere = await newSandbox(fabrikam);
    const sameName = await createInstanceAction(newInstanceInput({ name: elsewhere.name }) as never);
    expect(sameName).toMatchObject({ ok: true });
    resetSession();
    await signInAs(actors.admin);
    const message = `The domain ${elsewhere.domain} is already in use. Choose another domain.`;
    await expectRefused(() => createInstanceAction(newInstanceInput({ domain: elsewhere.domain }) as never), {
      code: "CONFLICT",
      error: message,
      fieldErrors: { domain: [message] },
      audit: { actor: actors.admin, action: "instance.create", instanceId: null, tenantId: contoso.id },
    });
  });

  test("bad input is refused field by field before anything is looked up", async () => {
    const result = await expectRefused(
      () =>
        createInstanceAction({
          ...newInstanceInput(),
          name: " ",
          domain: "not a domain",
          version: "7.0",
          region: "Moon",
        } as never),
      {
        code: "VALIDATION",
        error: "Check the highlighted fields.",
        fieldErrors: expect.any(Object),
        audit: {
          actor: actors.admin,
          action: "instance.create",
          instanceId: null,
          detail: "Invalid input: name, domain, version, region.",
        },
      },
    );
    expect(result.ok === false && Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      "domain",
      "name",
      "region",
      "version",
    ]);
  });
});

describe("rename an instance", () => {
  test("records a Rename operation and its audit entry", async () => {
    const instance = await newSandbox(contoso);
    const before = await snapshot();
    const result = await renameInstanceAction({ instanceId: instance.id, name: "Contoso Training" });
    expect(result).toMatchObject({ ok: true, data: { name: "Contoso Training" } });
    if (!result.ok) return;
    expect(await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).toMatchObject({
      name: "Contoso Training",
      domain: instance.domain,
    });
    expectAccepted(before, await snapshot(), {
      actor: actors.admin,
      action: "instance.rename",
      instanceId: instance.id,
      operationId: result.data.operationId,
      detail: `Renamed ${instance.name} to Contoso Training.`,
    });
  });

  test("to the name of another instance of the tenant: Conflict; to its own name: nothing to do", async () => {
    const [instance, taken] = [await newSandbox(contoso), await newSandbox(contoso)];
    const message = `An instance named ${taken.name} already exists. Choose another name.`;
    await expectRefused(() => renameInstanceAction({ instanceId: instance.id, name: taken.name }), {
      code: "CONFLICT",
      error: message,
      fieldErrors: { name: [message] },
      audit: { actor: actors.admin, action: "instance.rename", instanceId: instance.id },
    });
    await expectRefused(() => renameInstanceAction({ instanceId: instance.id, name: instance.name }), {
      code: "VALIDATION",
      error: `${instance.name} already has this name.`,
      fieldErrors: { name: ["Enter a new name."] },
      audit: { actor: actors.admin, action: "instance.rename", instanceId: instance.id },
    });
  });
});

describe("delete an instance", () => {
  test("keeping its backups: they stay restorable into another sandbox by the tenant's admins only", async () => {
    const doomed = await newSandbox(contoso, 7);
    const backup = await finishedBackup(doomed);
    const sysAdmin = await createActor(`sysadmin.${counter}@contoso.test`, [
      { role: "SystemAdministrator", instanceId: doomed.id },
    ]);
    const before = await snapshot();
    const result = await deleteInstanceAction({ instanceId: doomed.id, confirmName: doomed.name, backups: "keep" });
    expect(result).toEqual({ ok: true, data: { kept: 1, removed: 0 } });
    const after = await snapshot();
    expectAccepted(before, after, {
      actor: actors.admin,
      action: "instance.delete",
      instanceId: doomed.id,
      detail: `Deleted ${doomed.name} (${doomed.domain}); kept 1 backup(s), restorable until they expire.`,
    });
    expect(await prisma.instance.findUnique({ where: { id: doomed.id } })).toBeNull();
    expect(await prisma.roleAssignment.count({ where: { userId: sysAdmin.userId } })).toBe(0);
    expect(await prisma.operation.count({ where: { instanceId: doomed.id } })).toBe(0);
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toMatchObject({
      instanceId: null,
      deletedInstanceId: doomed.id,
      deletedInstanceTenantId: contoso.id,
      deletedInstanceName: doomed.name,
    });
    expect(existsSync(storagePath(backup.storageKey!))).toBe(true);

    // Another tenant's admin and the former System Administrator find nothing.
    const target = await newSandbox(contoso, 9);
    for (const outsider of [actors.adminOfFabrikam, sysAdmin]) {
      resetSession();
      await signInAs(outsider);
      const refused = await restoreBackupAction({ backupId: backup.id, targetInstanceId: target.id });
      expect(refused).toMatchObject({ ok: false, code: "NOT_FOUND", error: "Backup not found." });
    }
    // A System Administrator of the target alone cannot reach the tenant's kept backup either.
    const targetAdmin = await createActor(`sysadmin.t${counter}@contoso.test`, [
      { role: "SystemAdministrator", instanceId: target.id },
    ]);
    resetSession();
    await signInAs(targetAdmin);
    expect(await restoreBackupAction({ backupId: backup.id, targetInstanceId: target.id })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });

    // The tenant's Delegated Admin restores it; the target ends with the deleted instance's records.
    const expected = before.world.records[doomed.id];
    resetSession();
    await signInAs(actors.delegated);
    const restored = await restoreBackupAction({ backupId: backup.id, targetInstanceId: target.id });
    expect(restored).toMatchObject({ ok: true });
    await runQueuedOperations();
    expect(await recordsHash(target.id)).toBe(expected);
  });

  test("deleting its backups with it removes their rows and files", async () => {
    const doomed = await newSandbox(contoso, 8);
    const backup = await finishedBackup(doomed);
    const key = backup.storageKey!;
    expect(existsSync(storagePath(key))).toBe(true);
    const result = await deleteInstanceAction({ instanceId: doomed.id, confirmName: doomed.name, backups: "delete" });
    expect(result).toEqual({ ok: true, data: { kept: 0, removed: 1 } });
    expect(await prisma.backup.findUnique({ where: { id: backup.id } })).toBeNull();
    expect(existsSync(storagePath(key))).toBe(false);
    expect(existsSync(storagePath(manifestKey(key)))).toBe(false);
    expect(
      await prisma.auditEntry.findFirstOrThrow({ where: { action: "instance.delete", instanceId: doomed.id } }),
    ).toMatchObject({ outcome: "accepted", detail: `Deleted ${doomed.name} (${doomed.domain}) and its 1 backup(s).` });
  });

  test("a name that doesn't match is refused on the confirmation field", async () => {
    const instance = await newSandbox(contoso);
    await expectRefused(
      () => deleteInstanceAction({ instanceId: instance.id, confirmName: "something else", backups: "keep" }),
      {
        code: "VALIDATION",
        error: "The name you typed doesn't match.",
        fieldErrors: { confirmName: [`Type ${instance.name} to confirm.`] },
        audit: { actor: actors.admin, action: "instance.delete", instanceId: instance.id },
      },
    );
  });

  test("refused while a backup of it is queued, while it is restoring, and while a restore from its backups runs", async () => {
    const source = await newSandbox(contoso, 3);
    const backup = await finishedBackup(source);
    const target = await newSandbox(contoso);
    await requestBackup({ actor: actors.admin, instance: source, kind: "OnDemand", label: "Queued" });
    const refusal = (instance: Instance, error: string) =>
      expectRefused(
        () => deleteInstanceAction({ instanceId: instance.id, confirmName: instance.name, backups: "delete" }),
        {
          code: "CONFLICT",
          error,
          audit: { actor: actors.admin, action: "instance.delete", instanceId: instance.id },
        },
      );
    await refusal(source, `A backup is queued on ${source.name}. Delete it once that has finished.`);
    await runQueuedOperations();

    await startRestoreAs({ actor: actors.admin, backupId: backup.id, targetInstanceId: target.id });
    await refusal(source, `A restore is queued from a backup of ${source.name}. Delete it once that has finished.`);
    await refusal(target, `${target.name} is busy (Restoring). Try again when it is Ready.`);
    await runQueuedOperations();
    const done = await deleteInstanceAction({ instanceId: source.id, confirmName: source.name, backups: "delete" });
    expect(done).toMatchObject({ ok: true });
  });
});
