// The live status (route handler and the page's running banner read the same list) names only what
// the actor may see: restores that cross into an instance outside their scope say "another instance".
import { NextRequest } from "next/server";
import { beforeEach, expect, test, vi } from "vitest";
import { GET } from "@/app/api/backups/status/route";
import { listRecentOperations } from "@/lib/backups/list-backups";
import { prisma } from "@/lib/db";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations } from "./support/operations";
import { resetSession, signInAs } from "./support/session";
import { startRestoreAs } from "./support/backup-services";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

async function estate(n: number) {
  const tenantId = (await createTenant(`Scope Tenant ${n}`)).id;
  const admin = await createActor(`scope-admin${n}@test`, [{ role: "GlobalAdmin", tenantId }]);
  const mine = await createInstance(tenantId, { name: `Scope Production ${n}` });
  const hidden = await createInstance(tenantId, { name: `Scope Training ${n}` });
  const sysadmin = await createActor(`scope-sysadmin${n}@test`, [{ role: "SystemAdministrator", instanceId: mine.id }]);
  await seedRecords(mine.id, { seed: 1, accounts: 4 });
  await seedRecords(hidden.id, { seed: 2, accounts: 4 });
  const ofMine = (await queueBackup(admin, mine, "Quarterly close")).backup;
  const ofHidden = (await queueBackup(admin, hidden, "Secret migration")).backup;
  await runQueuedOperations();
  return { admin, sysadmin, mine, hidden, ofMine, ofHidden };
}

test("restores to and from an instance outside the actor's scope withhold its name and the label", async () => {
  const { admin, sysadmin, mine, hidden, ofMine, ofHidden } = await estate(1);
  const outbound = await startRestoreAs({ actor: admin, backupId: ofMine.id, targetInstanceId: hidden.id });

  const forSysadmin = await listRecentOperations({ actor: sysadmin, instanceId: mine.id });
  expect(forSysadmin.operations.find((op) => op.id === outbound.operation.id)).toMatchObject({
    label: "Quarterly close",
    targetName: "another instance",
  });
  // The global admin sees both instances, so nothing is withheld.
  const forAdmin = await listRecentOperations({ actor: admin, instanceId: mine.id });
  expect(forAdmin.operations.find((op) => op.id === outbound.operation.id)).toMatchObject({
    label: "Quarterly close",
    targetName: "Scope Training 1",
  });
  await runQueuedOperations();

  const inbound = await startRestoreAs({ actor: admin, backupId: ofHidden.id, targetInstanceId: mine.id });
  await prisma.operation.update({ where: { id: inbound.operation.id }, data: { error: "Scope Training 1 is gone." } });
  const after = await listRecentOperations({ actor: sysadmin, instanceId: mine.id });
  expect(after.operations.find((op) => op.id === inbound.operation.id)).toMatchObject({
    label: null,
    targetName: "Scope Production 1",
    error: "The restore did not complete.",
  });
});

test("the status route's answer carries nothing of the other instance", async () => {
  const { admin, sysadmin, mine, hidden, ofMine, ofHidden } = await estate(2);
  await startRestoreAs({ actor: admin, backupId: ofMine.id, targetInstanceId: hidden.id });
  await runQueuedOperations();
  await startRestoreAs({ actor: admin, backupId: ofHidden.id, targetInstanceId: mine.id });

  await signInAs(sysadmin);
  const response = await GET(new NextRequest(`http://localhost/api/backups/status?instance=${mine.id}`));
  expect(response.status).toBe(200);
  const text = await response.text();
  // Its own backup, the restore out of it and the restore into it.
  expect(JSON.parse(text).operations).toHaveLength(3);
  for (const secret of ["Scope Training", "Secret migration", hidden.id, ofHidden.id])
    expect(text).not.toContain(secret);
});
