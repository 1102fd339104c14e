"use server";

import { headers } from "next/headers";
import { definePublicAction } from "@/lib/actions/define-public-action";
import { clientAddressHeader } from "@/lib/auth/client-address";
import { setupInput } from "@/lib/setup/schemas";
import { setUpBackupCenter } from "@/lib/setup/set-up-backup-center";

// A public POST endpoint that needs no session: it works once, with the code from the server log,
// while no user exists (the service refuses otherwise).

export const setUpAction = definePublicAction({
  name: "setup",
  schema: setupInput,
  run: async ({ input: { confirmPassword: _confirmPassword, ...input }, audit }) => {
    const clientAddress = (await headers()).get(clientAddressHeader) ?? "unknown";
    const { tenantId } = await setUpBackupCenter({ input, clientAddress, audit });
    return { data: { tenantId, email: input.email } };
  },
});
