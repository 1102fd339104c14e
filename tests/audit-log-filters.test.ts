// Integration: the Audit log's filters, keyset paging and refusal of bad filter input, through
// the page's own query (listAuditEntries) and the URL parsing both the page and the export use.
import type { AuditEntry, Instance } from "@prisma/client";
import { beforeAll, describe, expect, test } from "vitest";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { listAuditEntries, auditPageSize } from "@/lib/audit/list-audit-entries";
import { parseAuditFilters } from "@/lib/audit/parse-audit-filters";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AuditFilters } from "@/lib/audit/schemas";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { writeEntries, type SeededEntry } from "./support/audit-entries";
import { csvRecords } from "./support/csv";
import { createActor, createInstance, createTenant } from "./support/fixtures";

let alpha: Instance;
let beta: Instance;
let admin: Actor;
let other: Actor;
/** Every entry, newest first. */
let all: AuditEntry[];

const day0 = Date.parse("2026-11-20T00:00:00.000Z");
const hour = 3_600_000;
const actions = ["backup.create", "backup.edit", "backup.restore"] as const;
const outcomes = ["accepted", "denied", "succeeded", "failed"] as const;

/** Every page of a query, following "older" links from the newest. */
async function allPages(filters: AuditFilters) {
  const pages: AuditEntry["id"][][] = [];
  let after: AuditFilters["after"];
  for (;;) {
    const page = await listAuditEntries({ actor: admin, filters: { ...filters, after } });
    pages.push(page.items.map((i) => i.id));
    if (!page.older) return pages;
    after = page.older;
  }
}

const ids = (entries: AuditEntry[]) => entries.map((e) => e.id);

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  alpha = await createInstance(tenant.id, { name: "Alpha" });
  beta = await createInstance(tenant.id, { name: "Beta" });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }], {
    tenantId: tenant.id,
  });
  other = await createActor("other@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }], {
    tenantId: tenant.id,
  });
  const entries: SeededEntry[] = [];
  // 130 entries over three days; every fifth shares its millisecond with the one before, so
  // pages must break ties by id.
  for (let i = 0; i < 130; i++) {
    const at = new Date(day0 + Math.floor((i - (i % 5 === 4 ? 1 : 0)) * 0.5 * hour));
    entries.push({
      actor: i % 3 === 0 ? "system" : i % 3 === 1 ? admin : other,
      action: actions[i % actions.length]!,
      outcome: outcomes[i % outcomes.length]!,
      instanceId: i % 2 ? alpha.id : beta.id,
      at,
      detail: `entry ${i}`,
    });
  }
  all = await writeEntries(entries);
  expect(all).toHaveLength(130);
});

describe("filters", () => {
  const expectEntries = async (filters: AuditFilters, match: (e: AuditEntry) => boolean) => {
    const expected = ids(all.filter(match));
    expect(expected.length).toBeGreaterThan(0);
    expect((await allPages(filters)).flat()).toEqual(expected);
    // The export streams its own SQL: it must read exactly the entries the pages list.
    const csv = await new Response(await exportAuditCsv({ actor: admin, filters })).text();
    expect(csvRecords(csv).map((row) => row.Detail)).toEqual(all.filter(match).map((e) => e.detail));
  };

  test("no filter: every entry, newest first, ties broken by id", async () => {
    await expectEntries({}, () => true);
  });

  test("instance", () => expectEntries({ instance: alpha.id }, (e) => e.instanceId === alpha.id));

  test("actor, by email or System", async () => {
    await expectEntries(parseAuditFilters({ actor: "Admin@Contoso.test" }), (e) => e.actorId === admin.userId);
    await expectEntries(parseAuditFilters({ actor: "system" }), (e) => e.actorId === null);
  });

  test("action", () => expectEntries({ action: "backup.edit" }, (e) => e.action === "backup.edit"));

  test("outcome", async () => {
    for (const outcome of outcomes) await expectEntries({ outcome }, (e) => e.outcome === outcome);
  });

  test("date range: UTC days, both ends included", async () => {
    const inDays = (e: AuditEntry, first: string, last: string) =>
      e.at >= new Date(`${first}T00:00:00Z`) && e.at < new Date(new Date(`${last}T00:00:00Z`).getTime() + 24 * hour);
    await expectEntries({ from: "2026-11-21", to: "2026-11-21" }, (e) => inDays(e, "2026-11-21", "2026-11-21"));
    await expectEntries({ from: "2026-11-21" }, (e) => e.at >= new Date("2026-11-21T00:00:00Z"));
    await expectEntries({ to: "2026-11-20" }, (e) => e.at < new Date("2026-11-21T00:00:00Z"));
    expect((await allPages({ from: "2026-11-23" })).flat()).toEqual([]);
  });

  test("filters combine", () =>
    expectEntries(
      { instance: beta.id, outcome: "accepted", from: "2026-11-20", to: "2026-11-21" },
      (e) => e.instanceId === beta.id && e.outcome === "accepted" && e.at < new Date("2026-11-22T00:00:00Z"),
    ));

  test("a filter matching nothing gives an empty page without links", async () => {
    expect(await listAuditEntries({ actor: admin, filters: { action: "record.update" } })).toEqual({
      items: [],
      older: null,
      newer: null,
    });
  });
});

describe("keyset paging", () => {
  test("older pages cover every entry once; newer pages lead back through the same pages", async () => {
    const pages = await allPages({});
    expect(pages.map((p) => p.length)).toEqual([auditPageSize, auditPageSize, 30]);
    expect(pages.flat()).toEqual(ids(all));
    // From the oldest page, "newer" links return the very same pages.
    let page = await listAuditEntries({ actor: admin, filters: { after: { at: all[99]!.at, id: all[99]!.id } } });
    expect(page.items.map((i) => i.id)).toEqual(pages[2]);
    expect(page.older).toBeNull();
    const back: string[][] = [];
    while (page.newer) {
      page = await listAuditEntries({ actor: admin, filters: { before: page.newer } });
      back.push(page.items.map((i) => i.id));
    }
    expect(back).toEqual([pages[1], pages[0]]);
    expect(page.newer).toBeNull();
  });

  test("a page boundary inside one millisecond loses and repeats nothing", async () => {
    const tie = all.findIndex((e, i) => i > 0 && e.at.getTime() === all[i - 1]!.at.getTime());
    const page = await listAuditEntries({
      actor: admin,
      filters: { after: { at: all[tie - 1]!.at, id: all[tie - 1]!.id } },
    });
    expect(page.items[0]!.id).toBe(all[tie]!.id);
  });

  test("entries written while someone pages do not shift the pages they are reading", async () => {
    const first = await listAuditEntries({ actor: admin, filters: {} });
    await recordAudit({ actor: "system", action: "backup.create", outcome: "succeeded", instanceId: alpha.id });
    await recordAudit({ actor: "system", action: "backup.create", outcome: "succeeded", instanceId: beta.id });
    const second = await listAuditEntries({ actor: admin, filters: { after: first.older! } });
    expect(second.items.map((i) => i.id)).toEqual(ids(all.slice(auditPageSize, 2 * auditPageSize)));
    const newest = await listAuditEntries({ actor: admin, filters: {} });
    expect(newest.items.slice(2).map((i) => i.id)).toEqual(ids(all.slice(0, auditPageSize - 2)));
    await prisma.auditEntry.deleteMany({ where: { detail: null } });
  });

  test("the page shows names, labels and outcomes", async () => {
    const page = await listAuditEntries({ actor: admin, filters: {} });
    expect(page.items[0]).toMatchObject({
      actor: expect.stringMatching(/^(System|admin@contoso\.test|other@contoso\.test)$/),
      instance: expect.stringMatching(/^(Alpha|Beta)$/),
      actionLabel: expect.stringMatching(/^(Create backup|Edit backup|Restore backup)$/),
      backup: null,
    });
  });
});

describe("bad filter input is refused with a clear message per field", () => {
  const refusal = (params: Record<string, string | string[]>) => {
    try {
      parseAuditFilters(params);
    } catch (error) {
      return error;
    }
    throw new Error("accepted");
  };

  test.each([
    [{ from: "2026-02-30" }, "from", "That day doesn't exist."],
    [{ from: "2026-99-99" }, "from", "That day doesn't exist."],
    [{ to: "12/02/2026" }, "to", "Use a date like 2026-12-02."],
    [{ from: "2026-12-03", to: "2026-12-02" }, "to", "From must be on or before To."],
    [{ outcome: "maybe" }, "outcome", "Choose accepted, denied, succeeded or failed."],
    [{ action: "DROP TABLE" }, "action", "Choose an action from the list."],
    [{ actor: "admin\u0000@contoso.test" }, "actor", expect.stringContaining("control character")],
    [{ instance: "x".repeat(65) }, "instance", "Use at most 64 characters."],
    [{ after: "yesterday" }, "after", "That page link is not valid."],
    [{ after: "2026-13-45T00:00:00.000Z_abc" }, "after", "That page link is not valid."],
    [{ outcome: ["denied", "failed"] }, "outcome", "Give this filter once."],
  ] as const)("%j", (params, field, message) => {
    expect(refusal(params as Record<string, string>)).toMatchObject({
      code: "VALIDATION",
      message: "Check the filters.",
      fieldErrors: { [field]: [message] },
    });
  });

  test("empty fields mean any, and parameters it does not know are ignored", () => {
    expect(parseAuditFilters(new URLSearchParams("instance=&actor=&outcome=&from=&to=&page=2"))).toEqual({});
  });
});
