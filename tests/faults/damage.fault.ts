// Fault: the stored backup is damaged. Random byte flips and truncations, a tampered manifest or
// Backup row, a file rewritten with recomputed checksums, and decompression bombs: every restore
// is refused before the target is touched (its records unchanged, the operation Failed with a
// reason, the instance back to Ready). Where the damage is only in bytes that carry no data (a
// gzip header field) and the checksums were recomputed, restoring the intact data is also fine.
import type { Instance } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { entities } from "@/lib/records/entities";
import { createActor, createInstance, createTenant, seedRecords } from "../support/fixtures";
import { StoredBackup, sha256Of, type Damage } from "./support/damage";
import { backUp, restore } from "./support/in-process";
import { createRandom } from "./support/prng";
import { residentMb, startWorker, stopAllProcesses } from "./support/processes";
import { faultSettings, seedFor } from "./support/settings";
import { waitFor } from "./support/wait";
import { fileWorld, openWorldDatabase } from "./support/world";
import { startRestoreAs } from "../support/backup-services";

const world = fileWorld();
const db = await openWorldDatabase(world);
const random = createRandom(seedFor("damage"));
let actor: Actor;
let target: Instance;
let stored: StoredBackup;
/** A backup of the target's own records, to put them back after a damaged restore that was let through. */
let targetBackupId: string;
let sourceHash: string;
let targetHash: string;
const reasons = new Map<string, number>();

beforeAll(async () => {
  console.log(`damage: seed ${faultSettings.seed}`);
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  const source = await createInstance(tenant.id, { name: "Contoso Source" });
  target = await createInstance(tenant.id, { name: "Contoso Sandbox" });
  await seedRecords(source.id, { seed: 11, accounts: 40 });
  await seedRecords(target.id, { seed: 12, accounts: 15 });
  sourceHash = await db.recordsHash(source.id);
  targetHash = await db.recordsHash(target.id);
  const backup = await backUp(actor, source, "To be damaged");
  expect(backup.status).toBe("Succeeded");
  stored = new StoredBackup(world.storageDir, backup);
  targetBackupId = (await backUp(actor, target, "Target as it was")).id;
});

afterAll(async () => {
  await stopAllProcesses();
  console.log(`damage: refusal reasons ${JSON.stringify(Object.fromEntries(reasons))}`);
  await db.close();
});

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

/** What is wrong with how a restore of a damaged backup ended; empty when it was refused cleanly. */
async function refusalProblems(
  operation: { status: string; error: string | null; leaseOwner: string | null },
  options: { harmlessAllowed: boolean },
): Promise<string[]> {
  const hash = await db.recordsHash(target.id);
  const state = (await db.instanceState(target.id))?.state;
  const problems = await db.integrityProblems();
  if (state !== "Ready") problems.push(`target left ${state}`);
  if (operation.status === "Succeeded") {
    if (!options.harmlessAllowed) problems.push("restored from a damaged backup");
    else if (hash !== sourceHash) problems.push("Succeeded, but the target does not hold the backup's records");
    return problems;
  }
  if (operation.status !== "Failed" || !operation.error)
    problems.push(`operation ended ${operation.status} (${operation.error})`);
  if (operation.leaseOwner) problems.push("operation still leased");
  if (hash !== targetHash) problems.push("refused, but the target's records changed");
  const reason = (operation.error ?? "").replace(/\d+/g, "N");
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  return problems;
}

/** Restores the backup once with `damage` applied, then repairs it; returns what went wrong. */
async function restoreDamaged(what: string, damage: Damage, options = { harmlessAllowed: false }): Promise<string[]> {
  await stored.apply(damage);
  let operation;
  try {
    operation = await restore(actor, stored.row.id, target.id);
  } finally {
    await stored.repair();
  }
  const problems = (await refusalProblems(operation, options)).map((p) => `${what}: ${p}`);
  // A restore let through (harmless damage) leaves the source's records: put the target's back.
  if (operation.status === "Succeeded") await restore(actor, targetBackupId, target.id);
  expect(await db.recordsHash(target.id)).toBe(targetHash);
  return problems;
}

function flipped(file: Buffer): { file: Buffer; what: string } {
  const copy = Buffer.from(file);
  const at = random.int(0, copy.length - 1);
  const mask = random.int(1, 255);
  copy[at]! ^= mask;
  return { file: copy, what: `byte ${at} of ${copy.length} xor ${mask}` };
}

describe("byte flips", () => {
  test(`${faultSettings.byteFlips} random byte flips: each restore is refused`, async () => {
    const violations: string[] = [];
    for (let i = 0; i < faultSettings.byteFlips; i++) {
      const { file, what } = flipped(stored.file);
      violations.push(...(await restoreDamaged(what, { file })));
    }
    expect(violations).toEqual([]);
  });

  test(`${Math.ceil(faultSettings.byteFlips / 2)} random byte flips with checksums recomputed: refused unless no data changed`, async () => {
    const violations: string[] = [];
    for (let i = 0; i < Math.ceil(faultSettings.byteFlips / 2); i++) {
      const { file, what } = flipped(stored.file);
      violations.push(...(await restoreDamaged(`forged ${what}`, stored.forged(file), { harmlessAllowed: true })));
    }
    expect(violations).toEqual([]);
  });
});

describe("truncations", () => {
  const truncated = () => stored.file.subarray(0, random.int(0, stored.file.length - 1));

  test(`${faultSettings.truncations} random truncations: each restore is refused`, async () => {
    const violations: string[] = [];
    for (let i = 0; i < faultSettings.truncations; i++) {
      const file = truncated();
      violations.push(...(await restoreDamaged(`cut to ${file.length} bytes`, { file })));
    }
    expect(violations).toEqual([]);
  });

  test(`${faultSettings.truncations} random truncations with checksums recomputed: each restore is refused`, async () => {
    const violations: string[] = [];
    for (let i = 0; i < faultSettings.truncations; i++) {
      const file = truncated();
      violations.push(...(await restoreDamaged(`forged cut to ${file.length} bytes`, stored.forged(file))));
    }
    expect(violations).toEqual([]);
  });
});

/** Every way the manifest beside the file can disagree with the file and the row. */
function manifestTamperings(): [string, string | null][] {
  const manifest = stored.manifest as { counts: Record<string, number>; sha256: string; bytes: number };
  const counts = manifest.counts;
  const renamedTable = (from: string, to: string) =>
    Object.fromEntries(Object.entries(counts).map(([table, n]) => [table === from ? to : table, n]));
  const cases: [string, string | null][] = [
    ["checksum of another file", stored.manifestWith({ sha256: sha256Of(Buffer.from("another file")) })],
    [
      "checksum one digit off",
      stored.manifestWith({ sha256: `${manifest.sha256.slice(0, -1)}${manifest.sha256.endsWith("0") ? "1" : "0"}` }),
    ],
    ["size one byte more", stored.manifestWith({ bytes: manifest.bytes + 1 })],
    ["size one byte less", stored.manifestWith({ bytes: manifest.bytes - 1 })],
    ["size as a string", stored.manifestWith({ bytes: String(manifest.bytes) })],
    ...(typeof stored.manifest.rawBytes === "number"
      ? ([
          ["uncompressed size one byte less", stored.manifestWith({ rawBytes: stored.manifest.rawBytes - 1 })],
          ["uncompressed size ten times more", stored.manifestWith({ rawBytes: stored.manifest.rawBytes * 10 })],
          ["uncompressed size missing", stored.manifestWith({ rawBytes: undefined })],
        ] satisfies [string, string][])
      : []),
    ["format of another program", stored.manifestWith({ format: "someone-else/snapshot" })],
    ["format version 2", stored.manifestWith({ formatVersion: 2 })],
    ["another codec", stored.manifestWith({ codec: "ndjson+zstd" })],
    ["another source instance", stored.manifestWith({ instanceId: target.id })],
    ["missing", null],
    ["not JSON", `${stored.manifestText.slice(0, 40)}`],
    ["JSON null", "null"],
    ["an empty object", "{}"],
    ["a list", "[]"],
    ["counts missing", stored.manifestWith({ counts: undefined })],
    ["counts empty", stored.manifestWith({ counts: {} })],
  ];
  for (const { table, columns } of entities) {
    cases.push([
      `${table} count one more`,
      stored.manifestWith({ counts: { ...counts, [table]: counts[table]! + 1 } }),
    ]);
    cases.push([
      `${table} count one less`,
      stored.manifestWith({ counts: { ...counts, [table]: counts[table]! - 1 } }),
    ]);
    cases.push([
      `${table} count as a string`,
      stored.manifestWith({ counts: { ...counts, [table]: String(counts[table]) } }),
    ]);
    cases.push([`table ${table} renamed`, stored.manifestWith({ counts: renamedTable(table, `${table}s`) })]);
    const withoutTable = Object.fromEntries(Object.entries(counts).filter(([name]) => name !== table));
    cases.push([`table ${table} missing`, stored.manifestWith({ counts: withoutTable })]);
    // The manifest names columns only if it lists them; any it does are renamed in turn.
    for (const column of columns) {
      if (!stored.manifestText.includes(`"${column.name}"`) || column.name === "id") continue;
      cases.push([
        `column ${table}.${column.name} renamed`,
        stored.manifestText.replaceAll(`"${column.name}"`, `"${column.name}X"`),
      ]);
    }
  }
  cases.push(["an extra table", stored.manifestWith({ counts: { ...counts, Invoice: 0 } })]);
  return cases;
}

describe("manifest tampering", () => {
  test("a manifest that disagrees with the file and the row in any field: each restore is refused", async () => {
    const violations: string[] = [];
    const cases = manifestTamperings();
    for (const [what, manifest] of cases) violations.push(...(await restoreDamaged(`manifest ${what}`, { manifest })));
    console.log(
      `damage: ${cases.length} manifest tamperings; the manifest names ${
        cases.some(([what]) => what.startsWith("column")) ? "columns" : "no columns (only tables, in its counts)"
      }`,
    );
    expect(violations).toEqual([]);
  });

  test("a Backup row whose record counts disagree with the file (manifest agreeing with the row or not): refused", async () => {
    const counts = (stored.manifest as { counts: Record<string, number> }).counts;
    const violations: string[] = [];
    for (const { table } of entities) {
      const recordCounts = JSON.stringify({ ...counts, [table]: counts[table]! + 1 });
      violations.push(...(await restoreDamaged(`row says one ${table} more`, { row: { recordCounts } })));
      violations.push(
        ...(await restoreDamaged(`row and manifest say one ${table} more`, {
          row: { recordCounts },
          manifest: stored.manifestWith({ counts: JSON.parse(recordCounts) }),
        })),
      );
    }
    expect(violations).toEqual([]);
  });
});

describe("file content rewritten, checksums recomputed", () => {
  const section = (lines: string[], table: string) => lines.findIndex((line) => line.startsWith(`{"table":"${table}"`));
  const editTableLine =
    (table: string, edit: (line: { table: string; columns: string[] }) => void) => (lines: string[]) => {
      const at = section(lines, table);
      const line = JSON.parse(lines[at]!) as { table: string; columns: string[] };
      edit(line);
      return lines.toSpliced(at, 1, JSON.stringify(line));
    };
  const firstRowOf = (lines: string[], table: string) => section(lines, table) + 1;
  const editFirstRow = (table: string, edit: (row: unknown[]) => void) => (lines: string[]) => {
    const at = firstRowOf(lines, table);
    const row = JSON.parse(lines[at]!) as unknown[];
    edit(row);
    return lines.toSpliced(at, 1, JSON.stringify(row));
  };
  const cases: [string, (lines: string[]) => string[]][] = [
    [
      "header of another program",
      (lines) => lines.toSpliced(0, 1, lines[0]!.replace("backup-center/snapshot", "other/snapshot")),
    ],
    ["header version 2", (lines) => lines.toSpliced(0, 1, lines[0]!.replace(`"version":1`, `"version":2`))],
    ["a column renamed", editTableLine("Contact", (line) => (line.columns[4] = "mail"))],
    [
      "two columns swapped",
      editTableLine("Account", (line) => line.columns.splice(1, 2, line.columns[2]!, line.columns[1]!)),
    ],
    ["a column missing", editTableLine("Opportunity", (line) => line.columns.pop())],
    ["a table renamed", editTableLine("Opportunity", (line) => (line.table = "Opportunities"))],
    [
      "a section missing",
      (lines) => lines.filter((_line, i) => i < section(lines, "Opportunity") || i >= section(lines, "SupportCase")),
    ],
    ["a row missing", (lines) => lines.toSpliced(firstRowOf(lines, "SupportCase"), 1)],
    ["a row added", (lines) => lines.toSpliced(firstRowOf(lines, "Contact"), 0, lines[firstRowOf(lines, "Contact")]!)],
    ["a row value missing", editFirstRow("Account", (row) => row.pop())],
    ["a row that is not JSON", (lines) => lines.toSpliced(firstRowOf(lines, "Contact"), 1, "[1, oops]")],
    ["an id that is not a number", editFirstRow("Account", (row) => (row[0] = "one"))],
    ["a required value null", editFirstRow("Account", (row) => (row[1] = null))],
    ["a contact of an account that does not exist", editFirstRow("Contact", (row) => (row[1] = 999_999))],
    ["a number that is not a number", editFirstRow("Account", (row) => (row[8] = "many"))],
    ["a date that is not a date", editFirstRow("Account", (row) => (row[10] = "yesterday"))],
    ["the trailer missing", (lines) => lines.toSpliced(-2, 1)],
    [
      "the trailer's count wrong",
      (lines) =>
        lines.toSpliced(
          -2,
          1,
          lines.at(-2)!.replace(/"Account":(\d+)/, (_m, n) => `"Account":${Number(n) + 1}`),
        ),
    ],
    ["data after the trailer", (lines) => [...lines.slice(0, -1), lines.at(-2)!, ""]],
  ];

  test(`${cases.length} rewrites of the snapshot with matching checksums: each restore is refused`, async () => {
    const violations: string[] = [];
    for (const [what, edit] of cases)
      violations.push(...(await restoreDamaged(`rewritten: ${what}`, stored.rewritten(edit))));
    expect(violations).toEqual([]);
  });
});

describe("decompression bombs", () => {
  const rowCount = () => stored.lines().filter((line) => line.startsWith("[")).length;
  const oneEnormousLine = (row: number) => (row === 0 ? 2 ** 30 : 0);
  const bombs: [string, (row: number) => number, { asOlderBackup?: boolean }][] = [
    ["one row padded with 1 GiB of spaces (one enormous line)", oneEnormousLine, {}],
    ["every row padded with 900 KiB of spaces (every line of a plausible length)", () => 900 * 1024, {}],
    [
      "one row padded with 1 GiB of spaces, posing as a backup older than the recorded uncompressed size",
      oneEnormousLine,
      { asOlderBackup: true },
    ],
  ];

  test.each(bombs)(
    "%s, checksums matching: stopped at a size cap, in bounded time and memory",
    async (_what, padding, options) => {
      const { damage, inflatedBytes } = await stored.writeBomb(padding, options);
      await stored.apply(damage);
      const worker = startWorker(world, "bomb worker");
      let peakMb = 0;
      let started = 0;
      try {
        const { operation } = await startRestoreAs({ actor, backupId: stored.row.id, targetInstanceId: target.id });
        started = Date.now();
        const ended = await waitFor(
          async () => {
            peakMb = Math.max(peakMb, residentMb(worker.pid) ?? 0);
            // Past these the restore is not being stopped: kill it rather than the machine.
            if (peakMb > 1024 || Date.now() - started > 45_000) return { runaway: true as const };
            const row = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
            return row.status === "Succeeded" || row.status === "Failed" ? { runaway: false as const, row } : undefined;
          },
          {
            timeoutMs: 50_000,
            intervalMs: 100,
            what: "the bomb's restore to end",
            describe: () => `worker at ${peakMb.toFixed(0)} MB`,
          },
        );
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `damage: bomb of ${damage.row!.sizeBytes} bytes inflating to ` +
            `${(inflatedBytes / 2 ** 20).toFixed(0)} MiB (manifest lists ${rowCount()} rows): ended in ${seconds.toFixed(1)} s, ` +
            `worker peak RSS ${peakMb.toFixed(0)} MB, ${ended.runaway ? "runaway (killed)" : `${ended.row.status}: ${ended.row.error}`}`,
        );
        expect(
          ended.runaway,
          `not stopped: after ${seconds.toFixed(0)} s the worker was still inflating, at ${peakMb.toFixed(0)} MB`,
        ).toBe(false);
        if (ended.runaway) return;
        expect(await refusalProblems(ended.row, { harmlessAllowed: false })).toEqual([]);
        expect(ended.row.error).toMatch(/failed verification/);
        expect(seconds).toBeLessThan(30);
        expect(peakMb).toBeLessThan(512);
      } finally {
        await worker.kill();
        await stored.repair();
        // A runaway restore was killed mid-way: fail it so the target is released for the next case.
        await prisma.operation.updateMany({
          where: { backupId: stored.row.id, status: { in: ["Queued", "Running"] } },
          data: { status: "Failed", error: "killed by the test", exclusiveKey: null, leaseOwner: null },
        });
        await prisma.instance.update({ where: { id: target.id }, data: { state: "Ready" } });
      }
    },
  );
});
