// The backup list's filters as they arrive in the URL, and what each one selects.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { emptyAsMissing, parseSearchParams, type SearchParamsInput } from "../validation/search-params";

export const backupTypeFilters = [
  { value: "system", label: "System" },
  { value: "on-demand", label: "On-demand" },
] as const;

export const backupStatusFilters = [
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
  { value: "running", label: "In progress or queued" },
] as const;

const values = <T extends readonly { value: string }[]>(options: T) =>
  options.map((o) => o.value) as [T[number]["value"], ...T[number]["value"][]];

export const backupFilterSchema = z.object({
  type: emptyAsMissing(z.enum(values(backupTypeFilters), "Choose System or On-demand.")),
  status: emptyAsMissing(z.enum(values(backupStatusFilters), "Choose a status from the list.")),
});

export type BackupFilters = z.output<typeof backupFilterSchema>;

/** The filter fields a URL carries, in the order links write them. */
export const backupFilterFields = ["type", "status"] as const;

/** The backup list's filters from URL parameters, or a ValidationError naming each bad field. */
export function parseBackupFilters(params: SearchParamsInput): BackupFilters {
  return parseSearchParams(backupFilterSchema, params, backupFilterFields);
}

const statusesOf: Record<NonNullable<BackupFilters["status"]>, Prisma.BackupWhereInput> = {
  succeeded: { status: "Succeeded" },
  // A backup that failed verification failed too: the one filter shows every backup that can't be restored.
  failed: { status: { in: ["Failed", "FailedVerification"] } },
  running: { status: { in: ["Queued", "InProgress"] } },
};

/** The part of a backup query that the filters add. */
export function backupFilterWhere(filters: BackupFilters): Prisma.BackupWhereInput {
  return {
    ...(filters.type && { kind: filters.type === "system" ? "System" : "OnDemand" }),
    ...(filters.status && statusesOf[filters.status]),
  };
}
