// Shared by the dialogs and the server actions (always re-parsed there).
import { z } from "zod";
import { releasedVersions } from "./versions";

const id = z.string().trim().min(1).max(64);

export const updateInstanceInput = z.object({
  instanceId: id,
  version: z.enum(releasedVersions, { error: "Choose a version." }),
});

export const switchInstanceInput = z.object({
  instanceId: id,
  to: z.enum(["Production", "Sandbox"]),
});
