// The product with its backups in a bucket (the run's radosgw) on PostgreSQL: backups, restores,
// verification, deletion and the storage sweep go through S3Storage exactly as the worker and the
// scheduler run them, and a worker refuses to start without its bucket.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import type { Backup, Instance } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { s3StorageConfig } from "@/lib/env";
import { sweepStorage } from "@/lib/lifecycle/purge-backups";
import { manifestKey } from "@/lib/snapshot/format";
import { storageMarkerKey } from "@/lib/storage/storage-identity";
import { deleteBackupAs, requestVerificationAs, startRestoreAs } from "../support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "../support/fixtures";
import { recordsHash, runQueuedOperations } from "../support/operations";
import { testS3Client } from "../support/s3-buckets";

const run = promisify(execFile);
const { bucket, prefix } = s3StorageConfig()!;
const client = testS3Client();
afterAll(() => client.destroy());

const objectKey = (key: string) => `${prefix}/${key}`;
const exists = (key: string) =>
  client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) })).then(
    () => true,
    () => false,
  );

let tenantId: string;
let admin: Actor;
let source: Instance;
let instanceCount = 0;

const newSandbox = (name = `Sandbox ${++instanceCount}`) => createInstance(tenantId, { name });

async function backUp(instance: Instance): Promise<Backup> {
  const { backup } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "On S3" });
  await runQueuedOperations();
  return prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
}

async function restore(backupId: string, target: Instance) {
  const { operation } = await startRestoreAs({ actor: admin, backupId, targetInstanceId: target.id });
  await runQueuedOperations();
  return prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
}

beforeAll(async () => {
  tenantId = (await createTenant("Contoso")).id;
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId }]);
  source = await createInstance(tenantId, { name: "Source" });
  await seedRecords(source.id, { seed: 7, accounts: 60 });
});

describe("backups stored in an S3 bucket", () => {
  test("a backup lands in the bucket with its manifest and SHA-256, and restores into a sandbox", async () => {
    const backup = await backUp(source);
    expect(backup.status).toBe("Succeeded");
    const key = backup.storageKey!;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    expect(head.ContentLength).toBe(Number(backup.sizeBytes));
    const tags = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: objectKey(key) }));
    expect(tags.TagSet).toEqual([{ Key: "sha256", Value: backup.sha256 }]);
    const manifest = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(manifestKey(key)) }));
    expect(JSON.parse(await manifest.Body!.transformToString())).toMatchObject({
      instanceId: source.id,
      sha256: backup.sha256,
      bytes: Number(backup.sizeBytes),
    });
    expect(await exists(storageMarkerKey)).toBe(true);

    const target = await newSandbox();
    await seedRecords(target.id, { seed: 8, accounts: 5 });
    const operation = await restore(backup.id, target);
    expect(operation.status).toBe("Succeeded");
    expect(await recordsHash(target.id)).toBe(await recordsHash(source.id));
  });

  test("a backup object damaged in the bucket fails its restore, leaving the target as it was, and its verification", async () => {
    const backup = await backUp(source);
    const key = objectKey(backup.storageKey!);
    const original = Buffer.from(
      await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray(),
    );
    const damaged = Buffer.from(original);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: damaged }));

    const target = await newSandbox();
    await seedRecords(target.id, { seed: 9, accounts: 4 });
    const before = await recordsHash(target.id);
    const operation = await restore(backup.id, target);
    expect(operation.status).toBe("Failed");
    expect(await recordsHash(target.id)).toBe(before);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");

    const { operation: verification } = await requestVerificationAs({ actor: admin, backupId: backup.id });
    await runQueuedOperations();
    const verified = await prisma.operation.findUniqueOrThrow({ where: { id: verification.id } });
    expect(verified.status).toBe("Failed");
    expect(verified.error).toMatch(/^The backup file failed verification: /);
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe("FailedVerification");
  });

  test("deleting a backup deletes its objects", async () => {
    const backup = await backUp(source);
    await deleteBackupAs({ actor: admin, backupId: backup.id });
    expect(await exists(backup.storageKey!)).toBe(false);
    expect(await exists(manifestKey(backup.storageKey!))).toBe(false);
  });

  test("the sweep removes orphan objects and marks backups whose object is gone", async () => {
    const kept = await backUp(source);
    const lost = await backUp(source);
    const orphan = `${source.id}/orphanbackup-0badf00d.ndjson.gz`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(orphan), Body: "orphan" }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(lost.storageKey!) }));

    // Objects cannot be backdated: sweep as if two hours had passed, beyond the orphans' grace period.
    const result = await sweepStorage({ now: new Date(Date.now() + 2 * 3600_000) });
    expect(result.orphanFilesRemoved).toContain(orphan);
    expect(result.missingFiles).toEqual([lost.id]);
    expect(await exists(orphan)).toBe(false);
    expect(await exists(kept.storageKey!)).toBe(true);
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: lost.id } })).status).toBe("Failed");
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe("Succeeded");
  });

  test("a worker refuses to start when its bucket does not exist, naming the bucket", async () => {
    const missing = `s3://${bucket}-gone/backups`;
    const failure = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, BACKUP_STORAGE_URL: missing },
      timeout: 60_000,
    }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`the bucket "${bucket}-gone" does not exist`);
  });
});
