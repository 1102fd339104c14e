// Conflicting requests on one instance at the same moment, many rounds each: exactly one of the two
// goes through and the other is refused with the app's typed error, never both and never neither. On
// PostgreSQL the two run as real concurrent transactions on separate pooled connections (READ
// COMMITTED), which is where a guard that only SQLite's single writer made safe would break.
import type { Backup, Instance } from "@prisma/client";
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { newerVersions } from "@/lib/instances/versions";
import { purgeExpiredBackups } from "@/lib/lifecycle/purge-backups";
import { startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { runQueuedOperations } from "./support/operations";

const rounds = 8;
let admin: Actor;
let tenantId: string;
let source: Instance;
let instances = 0;

type Outcome = "ok" | "refused";

/** Starts both at once; each ends "ok" or "refused" with the app's typed error (anything else fails the test). */
async function race(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[Outcome, Outcome]> {
  const settle = (run: () => Promise<unknown>) =>
    run().then(
      () => "ok" as const,
      (error: unknown) => {
        if (error instanceof AppError) return "refused" as const;
        throw error;
      },
    );
  const [a, b] = await Promise.all([settle(first), settle(second)]);
  return [a, b];
}

const reload = (instance: Instance) => prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
const activeOperations = (instance: Instance) =>
  prisma.operation.findMany({ where: { instanceId: instance.id, status: { in: ["Queued", "Running"] } } });

async function sandbox() {
  return createInstance(tenantId, { name: `Contested ${++instances}`, version: "9.1.0" });
}

async function succeededBackup(label: string, expiresAt?: Date): Promise<Backup> {
  const { backup } = await requestBackup({ actor: admin, instance: source, kind: "OnDemand", label });
  await runQueuedOperations();
  return prisma.backup.update({ where: { id: backup.id }, data: expiresAt ? { expiresAt } : {} });
}

beforeAll(async () => {
  tenantId = (await createTenant("Contoso")).id;
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId }]);
  source = await createInstance(tenantId, { name: "Source" });
  await seedRecords(source.id, { seed: 5, accounts: 4 });
});

/**
 * Queues a backup of `instance` the way requestBackup does (its row written first, then the
 * operation), and keeps that transaction open while `during` starts, committing it ~200 ms later:
 * `during` then meets a request that committed while it waited.
 */
async function whileABackupCommits<T>(instance: Instance, during: () => Promise<T>): Promise<T> {
  let started!: () => void;
  const open = new Promise<void>((resolve) => (started = resolve));
  const holding = prisma.$transaction(async (tx) => {
    await tx.instance.updateMany({ where: { id: instance.id, state: "Ready" }, data: { state: "Ready" } });
    await tx.operation.create({ data: { type: "Backup", instanceId: instance.id, requestedById: admin.userId } });
    started();
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  await open;
  const result = during();
  await holding;
  return result;
}

describe("a change that waits for a backup request committing meanwhile", () => {
  test.each(["update", "switch"] as const)("the %s is refused: a backup is now queued", async (change) => {
    const instance = await sandbox();
    const [version] = newerVersions(instance.version);
    await expect(
      whileABackupCommits<unknown>(instance, () =>
        change === "update"
          ? requestUpdate({ actor: admin, instance, version: version! })
          : switchInstance({ actor: admin, instance, to: "Production" }),
      ),
    ).rejects.toThrow(/^A backup is queued on Contested/);
    expect(await reload(instance)).toMatchObject({ state: "Ready", type: "Sandbox", version: instance.version });
    await prisma.operation.deleteMany({ where: { instanceId: instance.id } });
  });
});

describe("two requests at once: exactly one goes through", () => {
  test("an update and an on-demand backup of one instance", async () => {
    for (let round = 0; round < rounds; round++) {
      const instance = await sandbox();
      const [version] = newerVersions(instance.version);
      const outcomes = await race(
        () => requestUpdate({ actor: admin, instance, version: version! }),
        () => requestBackup({ actor: admin, instance, kind: "OnDemand", label: `Round ${round}` }),
      );
      expect(outcomes.sort()).toEqual(["ok", "refused"]);
      const active = await activeOperations(instance);
      expect(active).toHaveLength(1);
      expect((await reload(instance)).state).toBe(active[0]!.type === "Update" ? "Updating" : "Ready");
      await runQueuedOperations();
    }
  });

  test("a switch to Production and a restore into the sandbox", async () => {
    const backup = await succeededBackup("Restore me");
    for (let round = 0; round < rounds; round++) {
      const instance = await sandbox();
      const [switched, restoring] = await race(
        () => switchInstance({ actor: admin, instance, to: "Production" }),
        () => startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: instance.id }),
      );
      expect([switched, restoring].sort()).toEqual(["ok", "refused"]);
      const now = await reload(instance);
      const restores = await activeOperations(instance);
      if (switched === "ok") {
        expect({ type: now.type, state: now.state, restores: restores.length }).toEqual({
          type: "Production",
          state: "Ready",
          restores: 0,
        });
      } else {
        expect({ type: now.type, state: now.state, restores: restores.length }).toEqual({
          type: "Sandbox",
          state: "Restoring",
          restores: 1,
        });
      }
      await runQueuedOperations();
    }
  });

  test("the purge of an expiring backup and a restore of it", async () => {
    for (let round = 0; round < rounds; round++) {
      const expiresAt = new Date(Date.now() + 60_000);
      const backup = await succeededBackup(`Expiring ${round}`, expiresAt);
      const instance = await sandbox();
      let purged: string[] = [];
      // The restore is asked for a moment before the expiry, the purge runs a moment after it.
      const outcomes = await race(
        async () => (purged = (await purgeExpiredBackups({ now: new Date(expiresAt.getTime() + 1) })).purged),
        () =>
          startRestoreAs({
            actor: admin,
            backupId: backup.id,
            targetInstanceId: instance.id,
            now: new Date(expiresAt.getTime() - 1),
          }),
      );
      const row = await prisma.backup.findUnique({ where: { id: backup.id } });
      const restores = await activeOperations(instance);
      if (outcomes[1] === "ok") {
        // The restore pinned the backup first: the purge spares it while the restore needs it.
        expect(purged).not.toContain(backup.id);
        expect(row).not.toBeNull();
        expect(restores).toHaveLength(1);
      } else {
        expect(purged).toContain(backup.id);
        expect(row).toBeNull();
        expect(restores).toHaveLength(0);
      }
      await runQueuedOperations();
      await purgeExpiredBackups({ now: new Date(expiresAt.getTime() + 1) });
    }
  });
});
