// Integration: the Audit log's Export CSV route on a real database: the download's headers, CSV
// escaping (quotes, commas, line breaks, formula injection), streaming in batches read to the end,
// the page's filters applied, and bad filters refused before anything is sent.
import type { Instance } from "@prisma/client";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { GET } from "@/app/api/audit/export/route";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { recordAudit } from "@/lib/audit/record-audit";
import { toCsvRow } from "@/lib/audit/to-csv-row";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { csvRecords, parseCsv } from "./support/csv";
import { createActor, createInstance, createTenant } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let instance: Instance;
let admin: Actor;
const many = 2_345;

const exportOf = (query = "") => GET(new NextRequest(`http://localhost/api/audit/export${query}`));

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  instance = await createInstance(tenant.id, { name: 'Contoso, "Main"' });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }], {
    tenantId: tenant.id,
  });
  const base = Date.parse("2026-11-01T00:00:00.000Z");
  // Written in one go, as a busy estate would have them: more than two export batches.
  await prisma.auditEntry.createMany({
    data: Array.from({ length: many }, (_, i) => ({
      at: new Date(base + i * 1000),
      actorEmail: "System",
      action: "backup.create",
      outcome: i % 10 === 0 ? "failed" : "succeeded",
      instanceId: instance.id,
      scopeTenantId: tenant.id,
      detail: `bulk ${i}`,
    })),
  });
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

describe("CSV cells", () => {
  test("every cell is quoted, quotes doubled, commas and line breaks kept inside", () => {
    expect(toCsvRow(['a "b", c', "line\r\nbreak", null, ""])).toBe('"a ""b"", c","line\r\nbreak","",""\r\n');
  });

  test.each(["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])("a formula-like cell %j is defused", (cell) => {
    expect(toCsvRow([cell])).toBe(`"'${cell}"\r\n`);
  });

  test("text that merely contains those characters is left alone", () => {
    expect(toCsvRow(["a=b", "1-2", "x@y"])).toBe('"a=b","1-2","x@y"\r\n');
  });
});

describe("the export route", () => {
  test("streams every entry in scope, newest first, as a dated CSV download", async () => {
    const response = await exportOf();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(parseCsv(text)[0]).toEqual([
      "Time (UTC)",
      "Actor",
      "Action",
      "Outcome",
      "Tenant",
      "Instance",
      "Backup",
      "Detail",
    ]);
    const rows = csvRecords(text);
    expect(rows).toHaveLength(many);
    expect(rows.map((r) => r.Detail)).toEqual(Array.from({ length: many }, (_, i) => `bulk ${many - 1 - i}`));
    expect(rows[0]).toEqual({
      "Time (UTC)": new Date(Date.parse("2026-11-01T00:00:00.000Z") + (many - 1) * 1000).toISOString(),
      Actor: "System",
      Action: "backup.create",
      Outcome: "succeeded",
      Tenant: "",
      Instance: 'Contoso, "Main"',
      Backup: "",
      Detail: `bulk ${many - 1}`,
    });
  });

  test("it reads one batch at a time, only as the reader asks", async () => {
    const reader = (await exportAuditCsv({ actor: admin, filters: {} })).getReader();
    const decoder = new TextDecoder();
    const sizes: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sizes.push(decoder.decode(value).split("\r\n").length - 1);
    }
    // The header, then batches of at most 1,000 entries.
    expect(sizes).toEqual([1, 1000, 1000, many - 2000]);
  });

  test("applies the page's filters", async () => {
    const rows = csvRecords(await (await exportOf("?outcome=failed&to=2026-11-01")).text());
    expect(rows).toHaveLength(Math.ceil(many / 10));
    expect(new Set(rows.map((r) => r.Outcome))).toEqual(new Set(["failed"]));
  });

  test("text that users typed cannot turn into a formula or break the file", async () => {
    const details = ['=HYPERLINK("http://evil.example","x")', "+cmd", "-1", "@A1", 'two\nlines, "quoted"'];
    for (const detail of details)
      await recordAudit({
        actor: { userId: admin.userId, email: admin.email },
        action: "backup.edit",
        outcome: "denied",
        instanceId: instance.id,
        detail,
      });
    const rows = csvRecords(await (await exportOf("?action=backup.edit")).text());
    expect(rows.map((r) => r.Detail).reverse()).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      "'+cmd",
      "'-1",
      "'@A1",
      'two\nlines, "quoted"',
    ]);
    await prisma.auditEntry.deleteMany({ where: { action: "backup.edit" } });
  });

  test("bad filters answer 400 with the field's message, and nothing is exported or written", async () => {
    const before = await prisma.auditEntry.count();
    const response = await exportOf("?from=2026-12-03&to=2026-12-02");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "Check the filters.",
      fieldErrors: { to: ["From must be on or before To."] },
    });
    expect(await prisma.auditEntry.count()).toBe(before);
  });

  test("signed out: 401, nothing exported", async () => {
    await signInAs(null);
    const response = await exportOf();
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Sign in again." });
  });
});
