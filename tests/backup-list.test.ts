// Integration: the Backup & Restore list's Type and Status filters (server-side, validated, paged),
// the "Backups for" picker's remembered instance (never one the user cannot see), and the current
// record counts the restore wizard's impact preview shows (only of instances the user may restore into).
import type { Backup, Instance } from "@prisma/client";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import BackupsPage from "@/app/(admin)/backups/page";
import type { Actor } from "@/lib/auth/policy";
import { parseBackupFilters, type BackupFilters } from "@/lib/backups/backup-filters";
import { backupsPageSize, listBackups } from "@/lib/backups/list-backups";
import { rememberedInstanceCookie, rememberedInstanceCookieText } from "@/lib/backups/remembered-instance";
import { prisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { countRecords } from "@/lib/records/count-records";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { redirectTarget, renderPage } from "./support/page-render";
import { resetSession, setBrowserCookie, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);
vi.mock("next/navigation", async (importOriginal) =>
  (await import("./support/page-render")).nextNavigationMock(await importOriginal<object>()),
);

let alpha: Instance;
let beta: Instance;
let gamma: Instance;
let admin: Actor;
let betaSysadmin: Actor;
/** Alpha's unexpired backups, newest first. */
let listed: Backup[];

const day = 86_400_000;
const now = Date.now();
type Seed = Pick<Backup, "kind" | "status"> & { count: number; expired?: boolean };

/** Backups of alpha, one a minute back from now, in the order given. */
async function seedBackups(seeds: Seed[]) {
  let minute = 0;
  for (const seed of seeds) {
    for (let i = 0; i < seed.count; i++) {
      minute++;
      await prisma.backup.create({
        data: {
          instanceId: alpha.id,
          kind: seed.kind,
          status: seed.status,
          label: `${seed.kind} ${seed.status} ${i + 1}`,
          createdAt: new Date(now - minute * 60_000),
          expiresAt: new Date(now + (seed.expired ? -day : 28 * day)),
          instanceVersion: alpha.version,
        },
      });
    }
  }
}

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  alpha = await createInstance(tenant.id, { name: "Alpha" });
  beta = await createInstance(tenant.id, { name: "Beta" });
  gamma = await createInstance(tenant.id, { name: "Gamma" });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }], {
    tenantId: tenant.id,
  });
  betaSysadmin = await createActor("sysadmin@contoso.test", [{ role: "SystemAdministrator", instanceId: beta.id }], {
    tenantId: tenant.id,
  });
  await seedBackups([
    { kind: "System", status: "Succeeded", count: 27 },
    { kind: "OnDemand", status: "Succeeded", count: 2 },
    { kind: "OnDemand", status: "Failed", count: 2 },
    { kind: "System", status: "Failed", count: 1 },
    { kind: "OnDemand", status: "Queued", count: 1 },
    { kind: "OnDemand", status: "InProgress", count: 1 },
    { kind: "System", status: "Succeeded", count: 3, expired: true },
  ]);
  listed = await prisma.backup.findMany({
    where: { instanceId: alpha.id, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

describe("filters", () => {
  /** Every page of alpha's list under `filters`: the ids in order, and the total each page reports. */
  async function allPages(filters: BackupFilters) {
    const first = await listBackups({ actor: admin, instanceId: alpha.id, filters });
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page++) {
      pages.push(await listBackups({ actor: admin, instanceId: alpha.id, filters, page }));
    }
    return { ids: pages.flatMap((p) => p.items.map((b) => b.id)), totals: pages.map((p) => p.total), pages };
  }

  test.each<[string, BackupFilters, (b: Backup) => boolean]>([
    ["no filter", {}, () => true],
    ["System", { type: "system" }, (b) => b.kind === "System"],
    ["On-demand", { type: "on-demand" }, (b) => b.kind === "OnDemand"],
    ["Succeeded", { status: "succeeded" }, (b) => b.status === "Succeeded"],
    ["Failed", { status: "failed" }, (b) => b.status === "Failed"],
    ["In progress or queued", { status: "running" }, (b) => b.status === "Queued" || b.status === "InProgress"],
    [
      "On-demand and Failed",
      { type: "on-demand", status: "failed" },
      (b) => b.kind === "OnDemand" && b.status === "Failed",
    ],
  ])("%s: exactly the matching unexpired backups, newest first, over every page", async (_name, filters, match) => {
    const expected = listed.filter(match).map((b) => b.id);
    expect(expected.length).toBeGreaterThan(0);
    const { ids, totals, pages } = await allPages(filters);
    expect(ids).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    expect(pages[0]!.pageCount).toBe(Math.max(1, Math.ceil(expected.length / backupsPageSize)));
  });

  test("System and Succeeded spans two pages; a page past the last is the last", async () => {
    const filters: BackupFilters = { type: "system", status: "succeeded" };
    const second = await listBackups({ actor: admin, instanceId: alpha.id, filters, page: 2 });
    expect(second).toMatchObject({ total: 27, page: 2, pageCount: 2 });
    expect(second.items).toHaveLength(2);
    expect((await listBackups({ actor: admin, instanceId: alpha.id, filters, page: 9 })).page).toBe(2);
  });

  test("a filter never reaches another instance's backups, or an instance out of scope", async () => {
    const onBeta = await listBackups({ actor: admin, instanceId: beta.id, filters: { status: "succeeded" } });
    expect(onBeta.total).toBe(0);
    await expect(
      listBackups({ actor: betaSysadmin, instanceId: alpha.id, filters: { status: "succeeded" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("URL values: known ones parse, empty ones mean any", () => {
    expect(parseBackupFilters({ type: "on-demand", status: "running", page: "2" })).toEqual({
      type: "on-demand",
      status: "running",
    });
    expect(parseBackupFilters(new URLSearchParams("type=&status="))).toEqual({});
  });

  test.each([
    [{ type: "OnDemand" }, "type", "Choose System or On-demand."],
    [{ status: "Succeeded" }, "status", "Choose a status from the list."],
    [{ status: "deleted" }, "status", "Choose a status from the list."],
    [new URLSearchParams("status=failed&status=succeeded"), "status", "Give this filter once."],
  ])("%j is refused on its field", (params, field, message) => {
    let thrown: unknown;
    try {
      parseBackupFilters(params);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).fieldErrors).toEqual({ [field]: [message] });
  });

  const page = (params: Record<string, string | string[]>) =>
    renderPage(BackupsPage({ searchParams: Promise.resolve({ instance: alpha.id, ...params }) }));
  const rows = (html: string) => html.match(/data-testid="backup-row"/g)?.length ?? 0;

  test("the page lists the filtered backups and counts them, with a way back to all", async () => {
    const html = await page({ type: "on-demand", status: "failed" });
    expect(rows(html)).toBe(2);
    expect(html).toContain("Page 1 of 1 · 2 matching backups");
    expect(html).toContain("Clear filters");
  });

  test("page links keep the filters", async () => {
    const html = await page({ type: "system" });
    expect(html).toContain(`href="/backups?instance=${alpha.id}&amp;type=system&amp;page=2"`);
  });

  test("a bad filter lists nothing and says which field to correct", async () => {
    const html = await page({ status: "everything" });
    expect(rows(html)).toBe(0);
    expect(html).toContain("Check the filters.");
    expect(html).toContain("Choose a status from the list.");
    expect(html).toContain('aria-invalid="true"');
  });

  test("filters that match nothing say so", async () => {
    const html = renderPage(
      BackupsPage({ searchParams: Promise.resolve({ instance: gamma.id, type: "system", status: "failed" }) }),
    );
    expect(await html).toContain("No backups match these filters.");
  });
});

describe("the picker remembers the last instance", () => {
  const openWithout = () => redirectTarget(BackupsPage({ searchParams: Promise.resolve({}) }));

  test("the picker's cookie is for /backups only, Secure over https, and never holds a non-id", () => {
    expect(rememberedInstanceCookieText("cm0alpha", { secure: false })).toBe(
      "backups-instance=cm0alpha; Path=/backups; Max-Age=15552000; SameSite=Lax",
    );
    expect(rememberedInstanceCookieText("cm0alpha", { secure: true })).toMatch(/; Secure$/);
    expect(rememberedInstanceCookieText("a;b=c", { secure: false })).toBeNull();
    expect(rememberedInstanceCookieText("", { secure: false })).toBeNull();
  });

  test("/backups without an instance opens the remembered one", async () => {
    setBrowserCookie(rememberedInstanceCookie, gamma.id);
    expect(await openWithout()).toBe(`/backups?instance=${gamma.id}`);
  });

  test("without a cookie, or with an id that names nothing, it opens the first instance", async () => {
    expect(await openWithout()).toBe(`/backups?instance=${alpha.id}`);
    setBrowserCookie(rememberedInstanceCookie, "nosuchinstance");
    expect(await openWithout()).toBe(`/backups?instance=${alpha.id}`);
  });

  test("an instance the user cannot see is never opened: the first visible one is", async () => {
    // Another user of the same browser chose Gamma; this one only manages Beta.
    resetSession();
    await signInAs(betaSysadmin);
    setBrowserCookie(rememberedInstanceCookie, gamma.id);
    expect(await openWithout()).toBe(`/backups?instance=${beta.id}`);
  });

  test("once a role is removed, its instance is no longer remembered", async () => {
    const holder = await createActor("holder@contoso.test", [
      { role: "SystemAdministrator", instanceId: alpha.id },
      { role: "SystemAdministrator", instanceId: gamma.id },
    ]);
    resetSession();
    await signInAs(holder);
    setBrowserCookie(rememberedInstanceCookie, gamma.id);
    expect(await openWithout()).toBe(`/backups?instance=${gamma.id}`);
    await prisma.roleAssignment.deleteMany({ where: { userId: holder.userId, instanceId: gamma.id } });
    expect(await openWithout()).toBe(`/backups?instance=${alpha.id}`);
  });
});

describe("the restore impact's current record counts", () => {
  beforeAll(async () => {
    await seedRecords(beta.id, { seed: 1, accounts: 4 });
    await seedRecords(gamma.id, { seed: 2, accounts: 2 });
  });

  const expectedCounts = async (instanceId: string) => ({
    Account: await prisma.account.count({ where: { instanceId } }),
    Contact: await prisma.contact.count({ where: { instanceId } }),
    Opportunity: await prisma.opportunity.count({ where: { instanceId } }),
    SupportCase: await prisma.supportCase.count({ where: { instanceId } }),
  });

  test("per entity, for each instance the actor may restore into", async () => {
    const counts = await countRecords({
      actor: admin,
      permission: "instance.restoreInto",
      instanceIds: [beta.id, gamma.id],
    });
    expect(Object.fromEntries(counts)).toEqual({
      [beta.id]: await expectedCounts(beta.id),
      [gamma.id]: await expectedCounts(gamma.id),
    });
    expect(counts.get(beta.id)!.Account).toBe(4);
  });

  test("an instance out of scope is left out, as is one being restored", async () => {
    const sysadminCounts = await countRecords({
      actor: betaSysadmin,
      permission: "instance.restoreInto",
      instanceIds: [beta.id, gamma.id],
    });
    expect([...sysadminCounts.keys()]).toEqual([beta.id]);
    await prisma.instance.update({ where: { id: gamma.id }, data: { state: "Restoring" } });
    try {
      const counts = await countRecords({
        actor: admin,
        permission: "instance.restoreInto",
        instanceIds: [beta.id, gamma.id],
      });
      expect([...counts.keys()]).toEqual([beta.id]);
    } finally {
      await prisma.instance.update({ where: { id: gamma.id }, data: { state: "Ready" } });
    }
  });
});

describe("selection", () => {
  test("the selected backup's row is the grid's selected row and its one Tab stop", async () => {
    const selected = listed[3]!;
    const html = await renderPage(
      BackupsPage({ searchParams: Promise.resolve({ instance: alpha.id, backup: selected.id }) }),
    );
    expect(html).toContain(`role="grid" aria-label="Backups for Alpha"`);
    const rowTags = html.match(/<tr[^>]*data-testid="backup-row"[^>]*>/g) ?? [];
    expect(rowTags).toHaveLength(backupsPageSize);
    expect(rowTags.map((tag) => [tag.includes('aria-selected="true"'), tag.includes('tabindex="0"')])).toEqual(
      rowTags.map((_tag, index) => [index === 3, index === 3]),
    );
    expect(html).toContain(`<h2 class="text-base font-semibold break-words">${selected.label}</h2>`);
  });
});
