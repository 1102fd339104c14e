// Shared by the forms (instant feedback) and the server actions (always re-parsed there).
import { z } from "zod";

export const backupDetailsSchema = z.object({
  label: z.string().trim().min(1, "Enter a label.").max(100, "Use at most 100 characters."),
  notes: z.string().trim().max(2000, "Use at most 2,000 characters.").default(""),
});

const id = z.string().trim().min(1).max(64);

export const createBackupInput = backupDetailsSchema.extend({ instanceId: id });
export const editBackupInput = backupDetailsSchema.extend({ backupId: id });
export const deleteBackupInput = z.object({ backupId: id });
export const restoreBackupInput = z.object({ backupId: id, targetInstanceId: id });
