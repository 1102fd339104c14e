// S3Storage against a real S3 server (the run's radosgw): what the BackupStorage contract promises,
// and what only an object store can get wrong — multipart uploads, create-only writes, abandoned
// uploads, listings that fail.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import {
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, test } from "vitest";
import { s3StorageConfig } from "@/lib/env";
import { ObjectExistsError, StorageUnavailableError } from "@/lib/storage/backup-storage";
import { S3Storage, sha256Tag } from "@/lib/storage/s3-storage";
import { createBucket, testS3Client } from "../support/s3-buckets";

const config = s3StorageConfig()!;
const storage = new S3Storage(config);
const client = testS3Client();
afterAll(() => client.destroy());

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function read(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of storage.get(key) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function listed(of: S3Storage = storage) {
  const objects = [];
  for await (const object of of.list()) objects.push(object);
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

/** `bytes` of random data in chunks of 1 MiB, as a backup stream arrives. */
function randomStream(bytes: number): { data: Buffer; stream: Readable } {
  const data = randomBytes(bytes);
  const chunks = [];
  for (let at = 0; at < bytes; at += 1024 * 1024) chunks.push(data.subarray(at, at + 1024 * 1024));
  return { data, stream: Readable.from(chunks) };
}

async function multipartUploadsOf(key: string) {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: config.bucket }));
  return (page.Uploads ?? []).filter((upload) => upload.Key === `${config.prefix}/${key}`);
}

describe("S3Storage", () => {
  test("the app's configuration names this file's bucket and prefix, path-style for a custom endpoint", () => {
    expect(config).toEqual({ bucket: expect.stringMatching(/^test-/), prefix: "backups", forcePathStyle: true });
  });

  test("stores, reads, sizes, lists and deletes objects under the prefix", async () => {
    await storage.put("inst-1/a.gz", Readable.from([Buffer.from("hello "), Buffer.from("world")]));
    await storage.put("inst-1/b.gz", Readable.from([Buffer.alloc(0)]));
    // Outside the prefix: another application's object in the same bucket is never listed.
    await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: "elsewhere/c.gz", Body: "x" }));

    expect((await read("inst-1/a.gz")).toString()).toBe("hello world");
    expect(await storage.stat("inst-1/a.gz")).toEqual({ bytes: 11 });
    expect(await storage.stat("inst-1/b.gz")).toEqual({ bytes: 0 });
    expect(await storage.stat("inst-1/missing.gz")).toBeNull();
    const objects = await listed();
    expect(objects.map((o) => [o.key, o.bytes])).toEqual([
      ["inst-1/a.gz", 11],
      ["inst-1/b.gz", 0],
    ]);
    expect(Math.abs(objects[0]!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);

    await storage.delete("inst-1/a.gz");
    await storage.delete("inst-1/a.gz"); // deleting what is gone is not an error
    expect(await storage.stat("inst-1/a.gz")).toBeNull();
    expect((await listed()).map((o) => o.key)).toEqual(["inst-1/b.gz"]);
    await storage.delete("inst-1/b.gz");
  });

  test("a large object goes up in parts, reads back byte for byte and carries its SHA-256 as a tag", async () => {
    const { data, stream } = randomStream(40 * 1024 * 1024); // three 16 MiB parts
    expect(await storage.put("inst-2/large.gz", stream)).toEqual({ bytes: data.length });

    expect(sha256(await read("inst-2/large.gz"))).toBe(sha256(data));
    const tags = await client.send(
      new GetObjectTaggingCommand({ Bucket: config.bucket, Key: `${config.prefix}/inst-2/large.gz` }),
    );
    expect(tags.TagSet).toEqual([{ Key: sha256Tag, Value: sha256(data) }]);
    // A multipart object's ETag ends with its part count: proof that it was not sent in one piece.
    const head = await client.send(
      new HeadObjectCommand({ Bucket: config.bucket, Key: `${config.prefix}/inst-2/large.gz` }),
    );
    expect(head.ETag).toMatch(/-3"$/);
    expect(await multipartUploadsOf("inst-2/large.gz")).toEqual([]);
  });

  test("writes are create-only: a second write of a key fails and leaves the first object intact", async () => {
    await storage.put("inst-3/once.gz", Readable.from([Buffer.from("first")]));
    await expect(storage.put("inst-3/once.gz", Readable.from([Buffer.from("second")]))).rejects.toBeInstanceOf(
      ObjectExistsError,
    );
    const { stream } = randomStream(20 * 1024 * 1024); // as a multipart upload too
    await expect(storage.put("inst-3/once.gz", stream)).rejects.toBeInstanceOf(ObjectExistsError);
    expect((await read("inst-3/once.gz")).toString()).toBe("first");
    expect(await multipartUploadsOf("inst-3/once.gz")).toEqual([]);
  });

  test("a source that fails halfway leaves neither an object nor an unfinished upload behind", async () => {
    async function* failing() {
      yield randomBytes(20 * 1024 * 1024);
      throw new Error("the snapshot read failed");
    }
    await expect(storage.put("inst-4/broken.gz", Readable.from(failing()))).rejects.toThrow("the snapshot read failed");
    expect(await storage.stat("inst-4/broken.gz")).toBeNull();
    expect(await multipartUploadsOf("inst-4/broken.gz")).toEqual([]);
  });

  test("reading a missing object fails; stopping a read early closes the download", async () => {
    await expect(read("inst-5/missing.gz")).rejects.toMatchObject({ name: "NoSuchKey" });
    const { stream } = randomStream(8 * 1024 * 1024);
    await storage.put("inst-5/big.gz", stream);
    const reader = storage.get("inst-5/big.gz");
    for await (const chunk of reader as AsyncIterable<Buffer>) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(reader.destroyed).toBe(true);
  });

  test("the sweep aborts abandoned multipart uploads, and only those last touched before the cut-off", async () => {
    const key = `${config.prefix}/inst-6/abandoned.gz`;
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: config.bucket, Key: key }));
    await client.send(
      new UploadPartCommand({ Bucket: config.bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(1024) }),
    );

    // Touched just now: a backup still being written.
    expect(await storage.removeIncomplete(new Date(Date.now() - 60_000))).toEqual([]);
    expect(await multipartUploadsOf("inst-6/abandoned.gz")).toHaveLength(1);

    expect(await storage.removeIncomplete(new Date(Date.now() + 60_000))).toEqual(["inst-6/abandoned.gz"]);
    expect(await multipartUploadsOf("inst-6/abandoned.gz")).toEqual([]);
  });

  test("a listing that fails throws instead of reporting an empty storage", async () => {
    const missing = new S3Storage({ ...config, bucket: `${config.bucket}-missing` });
    await expect(listed(missing)).rejects.toMatchObject({ name: "NoSuchBucket" });
    await expect(missing.removeIncomplete(new Date())).rejects.toMatchObject({ name: "NoSuchBucket" });
  });

  test("a listing of more than one page lists every object", async () => {
    const paged = new S3Storage({ ...config, prefix: "paged" });
    const keys = Array.from({ length: 1005 }, (_, i) => `inst/${String(i).padStart(4, "0")}.gz`);
    for (let at = 0; at < keys.length; at += 50)
      await Promise.all(keys.slice(at, at + 50).map((key) => paged.put(key, Readable.from([Buffer.from(key)]))));
    expect((await listed(paged)).map((o) => o.key)).toEqual(keys);
  });

  test("a missing bucket is a clear error naming it; the bucket is never created", async () => {
    const bucket = `${config.bucket}-absent`;
    const absent = new S3Storage({ ...config, bucket });
    const failure = await absent.checkReachable().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as Error).message).toContain(`the bucket "${bucket}" does not exist`);
    await expect(client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await createBucket(bucket);
    await expect(absent.checkReachable()).resolves.toBeUndefined();
  });
});
