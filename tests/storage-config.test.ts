// Backup storage as configured by env: a directory by default, a bucket with BACKUP_STORAGE_URL,
// path-style addressing chosen by the endpoint, and a clear start error for what cannot work.
import { describe, expect, test } from "vitest";
import { parseEnv, s3StorageConfig } from "@/lib/env";

describe("backup storage configuration", () => {
  test("without BACKUP_STORAGE_URL backups stay in a local directory", () => {
    expect(s3StorageConfig(parseEnv({}))).toBeNull();
  });

  test("an s3:// URL names the bucket and prefix; path-style follows a custom endpoint", () => {
    expect(s3StorageConfig(parseEnv({ BACKUP_STORAGE_URL: "s3://backup-center/prod/eu/" }))).toEqual({
      bucket: "backup-center",
      prefix: "prod/eu",
      forcePathStyle: false,
    });
    const custom = { BACKUP_STORAGE_URL: "s3://backups", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:7480" };
    expect(s3StorageConfig(parseEnv(custom))).toEqual({ bucket: "backups", prefix: "", forcePathStyle: true });
    expect(s3StorageConfig(parseEnv({ ...custom, S3_FORCE_PATH_STYLE: "off" }))?.forcePathStyle).toBe(false);
    expect(
      s3StorageConfig(parseEnv({ BACKUP_STORAGE_URL: "s3://backups", AWS_ENDPOINT_URL: "https://s3.example.com" }))
        ?.forcePathStyle,
    ).toBe(true);
  });

  test.each(["backups", "s3://", "s3://Upper-Case", "s3://a", "https://bucket/prefix", "s3://bucket_name"])(
    "%s is refused with the expected shape",
    (url) => {
      expect(() => parseEnv({ BACKUP_STORAGE_URL: url })).toThrow(
        "BACKUP_STORAGE_URL: BACKUP_STORAGE_URL must be s3://bucket or s3://bucket/prefix",
      );
    },
  );

  test("a directory and a bucket together are refused", () => {
    expect(() => parseEnv({ BACKUP_STORAGE_URL: "s3://backups", BACKUP_STORAGE_DIR: "/srv/backups" })).toThrow(
      "set BACKUP_STORAGE_DIR (a directory) or BACKUP_STORAGE_URL (a bucket), not both",
    );
  });
});
