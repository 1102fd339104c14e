// Paging and search of an instance's records: `?page=` is a positive whole number or page 1 (one
// parser for every page that reads it), and the search box matches its text literally — `%` and
// `_` are characters to find, not LIKE wildcards — and letter case is ignored.
import type { Instance } from "@prisma/client";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import InstanceDataPage from "@/app/(admin)/instances/[instanceId]/data/page";
import BackupsPage from "@/app/(admin)/backups/page";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { parsePageNumber } from "@/lib/parse-page-number";
import { entities } from "@/lib/records/entities";
import { listRecords, recordsPageSize } from "@/lib/records/list-records";
import { createActor, createInstance, createTenant } from "./support/fixtures";
import { renderPage as render } from "./support/page-render";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);
vi.mock("next/navigation", async (importOriginal) =>
  (await import("./support/page-render")).nextNavigationMock(await importOriginal<object>()),
);

const accounts = entities.find((e) => e.key === "accounts")!;
let instance: Instance;
let admin: Actor;

/** Account names for the search: each wildcard next to look-alikes it would match as a wildcard. */
const names = ["50% off", "500 off", "5 off", "a_b", "axb", "ab", "Bang!", "Bang", "Done!%"];

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  instance = await createInstance(tenant.id, { name: "Contoso Sandbox" });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  const at = new Date("2026-11-01T00:00:00Z");
  // Enough records for three pages; the first few carry the names above.
  await prisma.account.createMany({
    data: Array.from({ length: recordsPageSize * 2 + 3 }, (_, index) => ({
      instanceId: instance.id,
      id: index + 1,
      name: names[index] ?? `Account ${index + 1}`,
      accountNumber: `AC-${String(index + 1).padStart(5, "0")}`,
      industry: "Retail",
      phone: "+1 555 0100",
      website: "https://example.test",
      city: "Lisbon",
      country: "Portugal",
      employees: 10,
      annualRevenue: 1000,
      createdAt: at,
      modifiedAt: at,
    })),
  });
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

describe("record search matches its text literally", () => {
  const search = async (query: string) =>
    (await listRecords({ actor: admin, instanceId: instance.id, entity: accounts, query })).rows.map((r) => r.name);

  test.each([
    ["%", ["50% off", "Done!%"]],
    ["_", ["a_b"]],
    ["0%", ["50% off"]],
    ["a_b", ["a_b"]],
    ["!", ["Bang!", "Done!%"]],
    ["!%", ["Done!%"]],
    ["Bang", ["Bang!", "Bang"]],
    // Case is ignored the same way on SQLite and PostgreSQL.
    ["bANG", ["Bang!", "Bang"]],
    ["OFF", ["50% off", "500 off", "5 off"]],
  ])("searching %j finds only names containing it", async (query, expected) => {
    expect(await search(query)).toEqual(expected);
  });

  test("the total and page count follow the literal matches", async () => {
    const listing = await listRecords({ actor: admin, instanceId: instance.id, entity: accounts, query: "%" });
    expect({ total: listing.total, pageCount: listing.pageCount }).toEqual({ total: 2, pageCount: 1 });
  });

  test("without a query every record is listed, a page at a time, in id order", async () => {
    const listing = await listRecords({ actor: admin, instanceId: instance.id, entity: accounts, page: 3 });
    expect(listing).toMatchObject({ total: recordsPageSize * 2 + 3, page: 3, pageCount: 3 });
    expect(listing.rows.map((r) => r.id)).toEqual([51, 52, 53]);
    expect(listing.rows[0]).toMatchObject({ name: "Account 51", createdAt: new Date("2026-11-01T00:00:00Z") });
  });

  test("a page number that is not a whole number is page 1", async () => {
    const listing = await listRecords({ actor: admin, instanceId: instance.id, entity: accounts, page: 1.5 });
    expect(listing.page).toBe(1);
    expect(listing.rows[0]?.id).toBe(1);
  });
});

describe("parsePageNumber", () => {
  test.each([
    ["2", 2],
    ["25", 25],
    [undefined, 1],
    ["", 1],
    ["1.5", 1],
    ["2.0", 1],
    ["0", 1],
    ["-2", 1],
    ["+2", 1],
    [" 2", 1],
    ["02", 1],
    ["1e3", 1],
    ["0x10", 1],
    ["Infinity", 1],
    ["NaN", 1],
    ["99999999999999999999", 1],
    [["2", "3"], 1],
  ])("%j → %i", (value, expected) => {
    expect(parsePageNumber(value)).toBe(expected);
  });
});

describe("pages read ?page= through the parser", () => {
  test.each([
    ["1.5", "Page 1 of 3"],
    ["2.5", "Page 1 of 3"],
    ["-1", "Page 1 of 3"],
    ["2", "Page 2 of 3"],
    ["9", "Page 3 of 3"],
  ])("the data page with page=%s says %s", async (page, expected) => {
    const html = await render(
      InstanceDataPage({
        params: Promise.resolve({ instanceId: instance.id }),
        searchParams: Promise.resolve({ entity: "accounts", page }),
      }),
    );
    expect(html).toContain(expected);
  });

  test.each([
    ["1.5", "Page 1 of 2"],
    ["abc", "Page 1 of 2"],
    ["2", "Page 2 of 2"],
  ])("the backups page with page=%s says %s", async (page, expected) => {
    if ((await prisma.backup.count({ where: { instanceId: instance.id } })) === 0) {
      // Two pages of failed backups (the list shows unexpired backups whatever their status).
      const now = Date.now();
      await prisma.backup.createMany({
        data: Array.from({ length: 30 }, (_, index) => ({
          instanceId: instance.id,
          kind: "OnDemand" as const,
          label: `Backup ${index + 1}`,
          createdAt: new Date(now - index * 60_000),
          expiresAt: new Date(now + 86_400_000),
          status: "Failed" as const,
          failureReason: "Test",
          instanceVersion: instance.version,
        })),
      });
    }
    const html = await render(BackupsPage({ searchParams: Promise.resolve({ instance: instance.id, page }) }));
    expect(html).toContain(expected);
    expect(html).not.toContain("page=1.5");
  });
});
