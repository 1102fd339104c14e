// Integration: who reads which audit entries (lib/auth/policy.ts auditScope), through the Audit
// log's page query and its CSV export alike, on real entries written by recordAudit and the real
// actions. Each entry's detail carries a tag; every reader must see exactly the expected tags.
import type { Instance, Tenant } from "@prisma/client";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { deleteInstanceAction } from "@/app/(admin)/instances/actions";
import { createBackupAction } from "@/app/(admin)/backups/actions";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { recordAudit } from "@/lib/audit/record-audit";
import { auditScope, type Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { purgeExpiredBackups } from "@/lib/lifecycle/purge-backups";
import { csvRecords } from "./support/csv";
import { createActor, createInstance, createTenant } from "./support/fixtures";
import { runQueuedOperations } from "./support/operations";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let contoso: Tenant;
let fabrikam: Tenant;
const instances = {} as Record<"c1" | "c2" | "c3" | "f1", Instance>;
const actors = {} as Record<"gaC" | "sysC1" | "sysC2" | "daF" | "gaF" | "gaPartner" | "nobody", Actor>;
let keptBackupId: string;
let c1BackupId: string;

/** Every tag the reader sees, through the page query (all pages) and through the export. */
async function tagsSeenBy(actor: Actor) {
  const fromPages: string[] = [];
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const page = await listAuditEntries({ actor, filters: { after } });
    fromPages.push(...page.items.map((item) => item.detail ?? ""));
    if (!page.older) break;
    after = page.older;
  }
  const csv = await new Response(await exportAuditCsv({ actor, filters: {} })).text();
  const fromExport = csvRecords(csv).map((row) => row.Detail!);
  expect(fromExport).toEqual(fromPages);
  return fromPages.flatMap((detail) => detail.match(/\[(\w+)\]/g) ?? []).sort();
}

const tags = (...names: string[]) => names.map((name) => `[${name}]`).sort();
const as = (actor: Actor) => ({ userId: actor.userId, email: actor.email });

beforeAll(async () => {
  contoso = await createTenant("Contoso");
  fabrikam = await createTenant("Fabrikam");
  instances.c1 = await createInstance(contoso.id, { name: "Contoso One" });
  instances.c2 = await createInstance(contoso.id, { name: "Contoso Two" });
  instances.c3 = await createInstance(contoso.id, { name: "Contoso Three" });
  instances.f1 = await createInstance(fabrikam.id, { name: "Fabrikam One" });
  actors.gaC = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: contoso.id }], {
    tenantId: contoso.id,
  });
  actors.sysC1 = await createActor(
    "sys1@contoso.test",
    [{ role: "SystemAdministrator", instanceId: instances.c1.id }],
    { tenantId: contoso.id },
  );
  actors.sysC2 = await createActor(
    "sys2@contoso.test",
    [{ role: "SystemAdministrator", instanceId: instances.c2.id }],
    { tenantId: contoso.id },
  );
  // Delegated Admin of Fabrikam, a user of their own partner tenant (see createActor).
  actors.daF = await createActor("partner@partner.test", [{ role: "DelegatedAdmin", tenantId: fabrikam.id }]);
  const partnerTenantId = (await prisma.user.findUniqueOrThrow({ where: { id: actors.daF.userId } })).tenantId!;
  actors.gaF = await createActor("admin@fabrikam.test", [{ role: "GlobalAdmin", tenantId: fabrikam.id }], {
    tenantId: fabrikam.id,
  });
  actors.gaPartner = await createActor("admin@partner.test", [{ role: "GlobalAdmin", tenantId: partnerTenantId }], {
    tenantId: partnerTenantId,
  });
  actors.nobody = await createActor("user@contoso.test", [], { tenantId: contoso.id });

  // Backups through the real worker: one of Contoso One (restored into Contoso Two below), and
  // one of Contoso Three that is kept when the instance is deleted.
  const c1Backup = await requestBackup({ actor: null, instance: instances.c1, kind: "OnDemand", label: "One's" });
  const kept = await requestBackup({ actor: null, instance: instances.c3, kind: "OnDemand", label: "Three's" });
  await runQueuedOperations();
  c1BackupId = c1Backup.backup.id;
  keptBackupId = kept.backup.id;
  // Only the tagged entries count below.
  await prisma.auditEntry.deleteMany();

  const write = (entry: Parameters<typeof recordAudit>[0]) => recordAudit(entry);
  await write({
    actor: as(actors.gaC),
    action: "backup.create",
    outcome: "accepted",
    instanceId: instances.c1.id,
    detail: "[c1]",
  });
  await write({
    actor: "system",
    action: "backup.create",
    outcome: "succeeded",
    instanceId: instances.c2.id,
    detail: "[c2]",
  });
  await write({
    actor: as(actors.gaC),
    action: "instance.create",
    outcome: "denied",
    tenantId: contoso.id,
    detail: "[tenantC]",
  });
  await write({
    actor: as(actors.daF),
    action: "backup.create",
    outcome: "accepted",
    instanceId: instances.f1.id,
    detail: "[f1]",
  });
  // Invalid input names nothing: the acting user's tenant, global admins only.
  await write({ actor: as(actors.sysC1), action: "backup.edit", outcome: "denied", detail: "[sysC1Input]" });
  await write({ actor: as(actors.daF), action: "backup.edit", outcome: "denied", detail: "[daFInput]" });
  await write({ actor: as(actors.gaF), action: "backup.edit", outcome: "denied", detail: "[gaFInput]" });
  // A refused backup id (in scope or not) is never looked up: the acting user's entry too.
  await write({
    actor: as(actors.daF),
    action: "backup.delete",
    outcome: "denied",
    backupId: c1BackupId,
    detail: "[daFBackupProbe]",
  });
  // A refusal naming Contoso One: Contoso's, not the prober's.
  await write({
    actor: as(actors.daF),
    action: "backup.create",
    outcome: "denied",
    instanceId: instances.c1.id,
    detail: "[probeC1]",
  });
  // An id that names nothing is nobody's, so it reads like an out-of-scope one to its sender.
  await write({
    actor: as(actors.gaC),
    action: "backup.create",
    outcome: "denied",
    instanceId: "cl0000000000000000000000",
    detail: "[nowhere]",
  });
  await write({
    actor: as(actors.gaC),
    action: "instance.create",
    outcome: "denied",
    tenantId: "cl0000000000000000000003",
    detail: "[nowhereTenant]",
  });
  // A restore into Contoso Two of Contoso One's backup names both instances.
  await write({
    actor: as(actors.sysC2),
    action: "backup.restore",
    outcome: "accepted",
    instanceId: instances.c2.id,
    backupId: c1BackupId,
    detail: "[restoreIntoC2]",
  });
  // Storage housekeeping about no backup: nobody's.
  await write({
    actor: "system",
    action: "storage.sweep",
    outcome: "succeeded",
    backupId: "cl0000000000000000000009",
    detail: "[sweep]",
  });
  await write({
    actor: "system",
    action: "backup.create",
    outcome: "succeeded",
    instanceId: instances.c3.id,
    detail: "[c3]",
  });

  // Contoso Three is deleted through the real action, its backup kept and then purged by the system.
  resetSession();
  await signInAs(actors.gaC);
  const deleted = await deleteInstanceAction({
    instanceId: instances.c3.id,
    confirmName: "Contoso Three",
    backups: "keep",
  });
  expect(deleted).toMatchObject({ ok: true });
  await prisma.auditEntry.updateMany({ where: { action: "instance.delete" }, data: { detail: "[deleteC3]" } });
  await prisma.backup.update({ where: { id: keptBackupId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await purgeExpiredBackups({ now: new Date() });
  await prisma.auditEntry.updateMany({ where: { action: "backup.purge" }, data: { detail: "[purgeKept]" } });
  // A refusal through the real action by a user with no role: invalid input of Contoso's user.
  await signInAs(actors.nobody);
  expect(await createBackupAction({ instanceId: "", label: "", notes: "" })).toMatchObject({ ok: false });
  await prisma.auditEntry.updateMany({ where: { actorId: actors.nobody.userId }, data: { detail: "[nobodyInput]" } });
  resetSession();
});

describe("each role reads exactly its entries", () => {
  test("a global admin: everything on their tenant, its deleted instance, and their users' own entries", async () => {
    expect(await tagsSeenBy(actors.gaC)).toEqual(
      tags(
        "c1",
        "c2",
        "c3",
        "tenantC",
        "sysC1Input",
        "probeC1",
        "restoreIntoC2",
        "deleteC3",
        "purgeKept",
        "nobodyInput",
      ),
    );
  });

  test("a System Administrator: only entries naming their instance, never another instance's", async () => {
    expect(await tagsSeenBy(actors.sysC1)).toEqual(tags("c1", "probeC1"));
    expect(await tagsSeenBy(actors.sysC2)).toEqual(tags("c2", "restoreIntoC2"));
  });

  test("a delegated admin: the delegated tenant's entries, not its users' own nor their own tenant's", async () => {
    expect(await tagsSeenBy(actors.daF)).toEqual(tags("f1"));
    // Fabrikam's own user's entry that names nothing is for Fabrikam's global admins only.
    expect(await tagsSeenBy(actors.gaF)).toEqual(tags("f1", "gaFInput"));
    // The partner's own global admin reads what their user tried that named nothing of anyone else's.
    expect(await tagsSeenBy(actors.gaPartner)).toEqual(tags("daFInput", "daFBackupProbe"));
  });

  test("a user without an admin role reads nothing", async () => {
    expect(await tagsSeenBy(actors.nobody)).toEqual([]);
    expect(auditScope(actors.nobody)).toEqual({ id: { in: [] } });
  });

  test("names are resolved within the reader's scope; a deleted instance by the name its entries kept", async () => {
    // The page and the export look names up through different connections: both must agree.
    const nameOf = async (actor: Actor, tag: string) => {
      const page = await listAuditEntries({ actor, filters: {} });
      const item = page.items.find((i) => i.detail === `[${tag}]`)!;
      const names = { instance: item.instance, backup: item.backup, tenant: item.tenant };
      const csv = await new Response(await exportAuditCsv({ actor, filters: {} })).text();
      const row = csvRecords(csv).find((r) => r.Detail === `[${tag}]`)!;
      expect({ instance: row.Instance || null, backup: row.Backup || null, tenant: row.Tenant || null }).toEqual(names);
      return names;
    };
    expect(await nameOf(actors.sysC2, "restoreIntoC2")).toEqual({
      instance: "Contoso Two",
      backup: "A backup of another instance",
      tenant: null,
    });
    expect(await nameOf(actors.gaC, "restoreIntoC2")).toEqual({
      instance: "Contoso Two",
      backup: "One's",
      tenant: null,
    });
    expect(await nameOf(actors.gaC, "c3")).toMatchObject({ instance: "Contoso Three (deleted)" });
    expect(await nameOf(actors.gaC, "deleteC3")).toMatchObject({ instance: "Contoso Three (deleted)" });
    expect(await nameOf(actors.gaC, "purgeKept")).toEqual({
      instance: "Contoso Three (deleted)",
      backup: "Deleted backup",
      tenant: null,
    });
    expect(await nameOf(actors.gaC, "tenantC")).toEqual({ instance: null, backup: null, tenant: "Contoso" });
    // Fabrikam's partner's admin never learns the name of the Contoso backup their user tried.
    expect(await nameOf(actors.gaPartner, "daFBackupProbe")).toMatchObject({ backup: "A backup of another instance" });
  });

  test("an instance filter outside the reader's scope is refused like a missing instance", async () => {
    for (const instanceId of [instances.f1.id, "cl0000000000000000000000", instances.c3.id]) {
      await expect(listAuditEntries({ actor: actors.gaC, filters: { instance: instanceId } })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Instance not found.",
      });
      await expect(exportAuditCsv({ actor: actors.gaC, filters: { instance: instanceId } })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    await expect(
      listAuditEntries({ actor: actors.sysC1, filters: { instance: instances.c2.id } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
