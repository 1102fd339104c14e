// The bucket of the PostgreSQL + S3 browser run: a radosgw that e2e/with-postgresql-and-s3.ts
// starts beside the app, on a port that follows E2E_PORT, with keys known to the specs too (they
// damage stored objects as a failing store would).
const appPort = Number(process.env.E2E_PORT ?? 3210);

export const e2eS3 = {
  port: Number(process.env.E2E_S3_PORT ?? appPort + 3),
  bucket: "backup-center-e2e",
  prefix: "backups",
  accessKeyId: "backup-center-e2e",
  secretAccessKey: "e2e secret, known to the tests only",
  /** What the app needs to store its backups there. */
  get env() {
    return {
      BACKUP_STORAGE_URL: `s3://${this.bucket}/${this.prefix}`,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${this.port}`,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: this.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.secretAccessKey,
    };
  },
};
