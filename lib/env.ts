// The one place that reads process.env: every setting is validated and defaulted here.
// No "server-only" marker: prisma.config.ts and the start/worker scripts import it too.
import { z } from "zod";

const booleanSwitch = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((value) => value === "on" || value === "true" || value === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/)/,
      "DATABASE_URL must be a file: URL (the embedded SQLite database) or a postgresql:// URL",
    )
    .default("file:./data/backup-center.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  BACKUP_STORAGE_DIR: z.string().min(1).optional(),
  // An S3-compatible bucket instead of a directory: s3://bucket or s3://bucket/prefix. Endpoint,
  // region and credentials come from the AWS SDK's standard variables and credential chain.
  BACKUP_STORAGE_URL: z
    .string()
    .regex(
      /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/,
      "BACKUP_STORAGE_URL must be s3://bucket or s3://bucket/prefix (a valid S3 bucket name)",
    )
    .optional(),
  // Read here only to choose path-style addressing; the AWS SDK reads them itself.
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL: z.url().optional(),
  // Path-style URLs (endpoint/bucket/key): on by default when a custom endpoint is set, as
  // self-hosted S3 servers (Ceph, MinIO) expect; off for AWS itself.
  S3_FORCE_PATH_STYLE: booleanSwitch.optional(),
  BACKUP_RETENTION_DAYS: z.coerce.number().positive().max(365).default(3),
  // UTC time of day ("HH:MM") of the daily system backups.
  SYSTEM_BACKUP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "SYSTEM_BACKUP_AT must be a UTC time such as 02:00")
    .default("02:00"),
  // How often the scheduler purges expired backups and throttle rows, sweeps storage and gives
  // instances without today's system backup theirs (new ones, or ones busy at the daily slot).
  MAINTENANCE_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 3600)
    .default(600),
  DEMO_DATA: booleanSwitch.default(true),
  DEMO_PASSWORD: z.string().min(8).default("BackupCenter!1"),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  NEXTAUTH_URL: z.url().optional(),
  // The interface the web server listens on: this machine only unless told otherwise (HOST=0.0.0.0
  // for every interface, e.g. in a container behind a proxy).
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated).
  TRUSTED_PROXIES: z.string().default(""),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  WORKER_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  // Single sign-on with an OpenID Connect provider (e.g. Microsoft Entra ID): all three or none.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // The sign-in button reads "Sign in with <OIDC_NAME>".
  OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  // off: no password sign-in, no password changes; single sign-on only.
  LOCAL_PASSWORDS: booleanSwitch.default(true),
  // Alert e-mail over SMTP: SMTP_URL (smtp:// or smtps://, credentials inside) or SMTP_HOST with
  // SMTP_PORT, SMTP_USER and SMTP_PASSWORD; SMTP_FROM is the sender. Without them e-mail alerts are off.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
});

const oidcSettings = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

const configSchema = envSchema.superRefine((config, ctx) => {
  const missing = oidcSettings.filter((key) => !config[key]);
  // Half a configuration would show a button that cannot work, or silently leave SSO off.
  if (missing.length > 0 && missing.length < oidcSettings.length) {
    ctx.addIssue({
      code: "custom",
      path: [missing[0]!],
      message: `single sign-on needs ${oidcSettings.join(", ")} together; ${missing.join(" and ")} missing`,
    });
  }
  // Without passwords and without single sign-on nobody could sign in.
  if (!config.LOCAL_PASSWORDS && missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["LOCAL_PASSWORDS"],
      message: "LOCAL_PASSWORDS=off needs single sign-on configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)",
    });
  }
  // A server without a sender (or a sender without a server) would fail every alert e-mail.
  const hasSmtpServer = Boolean(config.SMTP_URL || config.SMTP_HOST);
  if (hasSmtpServer !== Boolean(config.SMTP_FROM)) {
    ctx.addIssue({
      code: "custom",
      path: [hasSmtpServer ? "SMTP_FROM" : "SMTP_HOST"],
      message: "alert e-mail needs SMTP_FROM together with SMTP_URL or SMTP_HOST",
    });
  }
  if (config.BACKUP_STORAGE_URL && config.BACKUP_STORAGE_DIR) {
    ctx.addIssue({
      code: "custom",
      path: ["BACKUP_STORAGE_DIR"],
      message: "set BACKUP_STORAGE_DIR (a directory) or BACKUP_STORAGE_URL (a bucket), not both",
    });
  }
  if (config.SMTP_URL && config.SMTP_HOST) {
    ctx.addIssue({ code: "custom", path: ["SMTP_HOST"], message: "set SMTP_URL or SMTP_HOST, not both" });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validates and defaults a set of variables; throws one error listing every problem. */
export function parseEnv(variables: Record<string, string | undefined>): Env {
  const parsed = configSchema.safeParse(variables);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export type OidcConfig = { issuer: string; clientId: string; clientSecret: string; name: string };

/** The single sign-on provider's settings, or null when single sign-on is not configured. */
export function oidcConfig(config: Env = env()): OidcConfig | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = config;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return { issuer: OIDC_ISSUER, clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET, name: OIDC_NAME };
}

export type SmtpConfig = {
  /** An smtp:// or smtps:// URL, or the host and port with optional credentials. */
  server: { url: string } | { host: string; port: number; user?: string; password?: string };
  from: string;
};

/** The SMTP server alert e-mail goes through, or null when e-mail alerts are not configured. */
export function smtpConfig(config: Env = env()): SmtpConfig | null {
  const { SMTP_URL, SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM } = config;
  if (!SMTP_FROM) return null;
  if (SMTP_URL) return { server: { url: SMTP_URL }, from: SMTP_FROM };
  if (!SMTP_HOST) return null;
  return { server: { host: SMTP_HOST, port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD }, from: SMTP_FROM };
}

export type S3StorageConfig = { bucket: string; prefix: string; forcePathStyle: boolean };

/** The bucket backups are stored in, or null when they are stored in a local directory. */
export function s3StorageConfig(config: Env = env()): S3StorageConfig | null {
  const { BACKUP_STORAGE_URL, S3_FORCE_PATH_STYLE, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL } = config;
  if (!BACKUP_STORAGE_URL) return null;
  const { host, pathname } = new URL(BACKUP_STORAGE_URL);
  return {
    bucket: host,
    prefix: pathname.replace(/^\/+|\/+$/g, ""),
    forcePathStyle: S3_FORCE_PATH_STYLE ?? Boolean(AWS_ENDPOINT_URL_S3 ?? AWS_ENDPOINT_URL),
  };
}

export function backupStorageDir(): string {
  const { BACKUP_STORAGE_DIR, DATA_DIR } = env();
  return BACKUP_STORAGE_DIR ?? `${DATA_DIR}/backups`;
}

export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database DATABASE_URL names: its scheme decides. */
export function databaseProvider(url = env().DATABASE_URL): DatabaseProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** The SQLite file path behind DATABASE_URL, resolved from the working directory as the adapter does. */
export function databaseFilePath(): string {
  const url = env().DATABASE_URL;
  if (databaseProvider(url) !== "sqlite") throw new Error("DATABASE_URL names a PostgreSQL database, not a file.");
  return url.replace(/^file:/, "");
}
