// Shared by the forms (instant feedback) and the server actions (always re-parsed there).
import { z } from "zod";
import { idInput, textInput } from "../validation/text";

export const backupDetailsSchema = z.object({
  label: textInput({ max: 100, required: "Enter a label." }),
  notes: textInput({ max: 2000, multiline: true }).default(""),
});

export const createBackupInput = backupDetailsSchema.extend({ instanceId: idInput });
export const editBackupInput = backupDetailsSchema.extend({ backupId: idInput });
export const deleteBackupInput = z.object({ backupId: idInput });
export const restoreBackupInput = z.object({ backupId: idInput, targetInstanceId: idInput });
export const verifyBackupInput = z.object({ backupId: idInput });
