import "server-only";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { prisma } from "../db";
import { addGlobalAdmin } from "./add-global-admin";

/**
 * `npm run create-admin`: adds a global admin from a shell, whether or not anyone exists yet. The
 * organisation is created when no tenant has that name, else the admin joins it. Whoever has the
 * shell and the database already has everything, so there is no code to check; the audit entry
 * names the system as the actor.
 */
export async function createAdmin(options: { tenant: string; name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(options.password);
  return prisma.$transaction(async (tx) => {
    const added = await addGlobalAdmin(tx, { ...options, passwordHash });
    await recordAudit(
      {
        actor: "system",
        action: "admin.create",
        outcome: "accepted",
        tenantId: added.tenant.id,
        detail:
          `create-admin: added ${added.user.email} as Global admin of ` +
          `${added.createdTenant ? "the new organisation " : ""}${added.tenant.name}.`,
      },
      tx,
    );
    return added;
  });
}
