// Shared by the dialogs and the server actions (always re-parsed there).
import { z } from "zod";
import { idInput, textInput } from "../validation/text";
import { regions } from "./regions";
import { releasedVersions } from "./versions";

export const updateInstanceInput = z.object({
  instanceId: idInput,
  version: z.enum(releasedVersions, { error: "Choose a version." }),
});

export const switchInstanceInput = z.object({
  instanceId: idInput,
  to: z.enum(["Production", "Sandbox"]),
});

export const instanceNameInput = textInput({ max: 100, required: "Enter a name." });

/** A host name such as "contoso-sandbox.crm.example": lower-case labels of letters, digits and hyphens. */
export const instanceDomainInput = textInput({ max: 253, required: "Enter a URL or domain." })
  // People paste the address they see in the browser; the instance is known by its host name.
  .overwrite((value) =>
    value
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/+$/, ""),
  )
  .refine((value) => /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/.test(value), {
    message: "Enter a domain such as contoso-sandbox.crm.example.",
  });

export const createInstanceInput = z.object({
  tenantId: idInput,
  name: instanceNameInput,
  domain: instanceDomainInput,
  type: z.enum(["Production", "Sandbox"], { error: "Choose a type." }),
  version: z.enum(releasedVersions, { error: "Choose a version." }),
  region: z.enum(regions, { error: "Choose a region." }),
});

export const renameInstanceInput = z.object({ instanceId: idInput, name: instanceNameInput });

export const deleteInstanceInput = z.object({
  instanceId: idInput,
  /** The instance's name, typed by the admin to confirm which instance goes. */
  confirmName: textInput({ max: 100, required: "Type the instance's name to confirm." }),
  backups: z.enum(["keep", "delete"], { error: "Choose what happens to its backups." }),
});
