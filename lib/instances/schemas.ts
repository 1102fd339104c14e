// Shared by the dialogs and the server actions (always re-parsed there).
import { z } from "zod";
import { idInput } from "../validation/text";
import { releasedVersions } from "./versions";

export const updateInstanceInput = z.object({
  instanceId: idInput,
  version: z.enum(releasedVersions, { error: "Choose a version." }),
});

export const switchInstanceInput = z.object({
  instanceId: idInput,
  to: z.enum(["Production", "Sandbox"]),
});
