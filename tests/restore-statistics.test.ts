// PostgreSQL plans each foreign-key check of a restore's DELETEs from the tables' statistics. If
// those were gathered while the target was empty (a second restore into a new sandbox before
// autovacuum came by), a check picked any index leading with "instanceId" and read every row of the
// target for each deleted row: a 250k-record restore ran for hours. The swap now refreshes the
// statistics first; autovacuum is off here so that nothing else does.
import type { Instance } from "@prisma/client";
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { databaseProvider } from "@/lib/env";
import { entities } from "@/lib/records/entities";
import { startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, recordsHash, runQueuedOperations } from "./support/operations";

let admin: Actor;
let source: Instance;
let target: Instance;

const tables = entities.map(({ table }) => `"${table}"`).join(", ");

async function restoreIntoTarget(backupId: string) {
  const { operation } = await startRestoreAs({ actor: admin, backupId, targetInstanceId: target.id });
  await runQueuedOperations();
  return prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
}

/** The index PostgreSQL would use for the check a deleted Account runs against Contact. */
async function indexOfAccountCheck(): Promise<string> {
  const [plan] = await prisma.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM "Contact" x WHERE "instanceId" = $1 AND "accountId" = $2 FOR KEY SHARE OF x`,
    target.id,
    1,
  );
  return JSON.stringify(plan!["QUERY PLAN"]).match(/"Index Name":"([^"]+)"/)?.[1] ?? "none";
}

describe.runIf(databaseProvider() === "postgresql")("restore statistics on PostgreSQL", () => {
  beforeAll(async () => {
    const tenant = await createTenant("Contoso");
    admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
    source = await createInstance(tenant.id, { name: "Source" });
    target = await createInstance(tenant.id, { name: "Target" });
    await seedRecords(source.id, { seed: 3, accounts: 1_500 });
    for (const { table } of entities) {
      await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" SET (autovacuum_enabled = false)`);
    }
    // Statistics that say the target holds nothing, as after creating a sandbox.
    await prisma.$executeRawUnsafe(`ANALYZE ${tables}`);
  });

  test("a second restore into a target that was empty plans its checks from the target's rows", async () => {
    const { backup } = await queueBackup(admin, source);
    await runQueuedOperations();
    expect((await restoreIntoTarget(backup.id)).status).toBe("Succeeded");
    expect((await restoreIntoTarget(backup.id)).status).toBe("Succeeded");
    expect(await recordsHash(target.id)).toBe(await recordsHash(source.id));

    // The second swap gathered statistics while both instances held every record.
    const [contacts] = await prisma.$queryRawUnsafe<{ rows: number; estimated: number }[]>(
      `SELECT (SELECT COUNT(*) FROM "Contact")::int AS rows, reltuples::int AS estimated FROM pg_class WHERE relname = 'Contact'`,
    );
    expect(contacts!.estimated).toBe(contacts!.rows);
    expect(await indexOfAccountCheck()).toBe("Contact_instanceId_accountId_idx");
  });
});
