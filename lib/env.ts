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
    .regex(/^file:/, "DATABASE_URL must be a file: URL for the embedded SQLite database")
    .default("file:./data/backup-center.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  BACKUP_STORAGE_DIR: z.string().min(1).optional(),
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
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function backupStorageDir(): string {
  const { BACKUP_STORAGE_DIR, DATA_DIR } = env();
  return BACKUP_STORAGE_DIR ?? `${DATA_DIR}/backups`;
}

/** The SQLite file path behind DATABASE_URL, resolved from the working directory as the adapter does. */
export function databaseFilePath(): string {
  return env().DATABASE_URL.replace(/^file:/, "");
}
