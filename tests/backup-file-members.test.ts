// A backup file is a series of gzip members, one per compressed block (lib/snapshot/parallel-gzip.ts).
// Cut where a member ends, the file still decompresses without an error, so only the snapshot's
// own structure can tell it is incomplete (blocks end at fixed offsets, mostly mid-line). Verify,
// which reads a file exactly as a restore does, must refuse such a cut even when its size and
// checksum were recomputed to match.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { Backup } from "@prisma/client";
import { beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { manifestKey } from "@/lib/snapshot/format";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations, storagePath, verifyAs } from "./support/operations";

let admin: Actor;
let backup: Backup;
let file: Buffer;

beforeAll(async () => {
  const tenantId = (await createTenant("Members Tenant")).id;
  admin = await createActor("members-admin@test", [{ role: "GlobalAdmin", tenantId }]);
  const source = await createInstance(tenantId, { name: "Members Source" });
  // Enough records for a few members of 1 MiB each before compression.
  await seedRecords(source.id, { seed: 9, accounts: 2_400 });
  const queued = await queueBackup(admin, source, "Several members");
  await runQueuedOperations();
  backup = await prisma.backup.findUniqueOrThrow({ where: { id: queued.backup.id } });
  file = readFileSync(storagePath(backup.storageKey!));
});

/** Offsets where one gzip member ends and the next begins. */
function memberEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let at = bytes.indexOf("1f8b08", 1, "hex"); at !== -1; at = bytes.indexOf("1f8b08", at + 1, "hex")) {
    try {
      gunzipSync(bytes.subarray(0, at));
      ends.push(at);
    } catch {
      // The header's bytes occurred inside compressed data, not at a member's start.
    }
  }
  return ends;
}

/** Replaces the stored file with `bytes`, with the manifest and the Backup row rewritten to match. */
async function forge(bytes: Buffer) {
  const path = storagePath(backup.storageKey!);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  writeFileSync(path, bytes);
  const manifestPath = storagePath(manifestKey(backup.storageKey!));
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, bytes: bytes.length, sha256 }));
  await prisma.backup.update({ where: { id: backup.id }, data: { sizeBytes: bytes.length, sha256 } });
}

const verify = () => verifyAs(admin, backup.id);

test("a file cut where a gzip member ends is refused, even with its size and checksum recomputed", async () => {
  const ends = memberEnds(file);
  expect(ends.length).toBeGreaterThanOrEqual(2);
  expect(gunzipSync(file).length).toBe(Number(backup.rawBytes));

  for (const end of [ends[0]!, ends.at(-1)!]) {
    await forge(file.subarray(0, end));
    const operation = await verify();
    expect(operation).toMatchObject({ type: "Verify", status: "Failed" });
    expect(operation.error).toMatch(/^The backup file failed verification: /);
  }

  await forge(file);
  expect(await verify()).toMatchObject({ status: "Succeeded" });
});
