import "server-only";
import type { Prisma } from "@prisma/client";
import { ConflictError } from "../errors";
import { setupCodeSetting } from "./setup-code-format";

/**
 * Inside the caller's transaction: a new user who is Global admin of the tenant named `tenant`,
 * creating the tenant when none has that name. Any pending setup code is void from then on. Refused
 * when the e-mail address already has an account: an existing person's password or roles are never
 * changed here.
 */
export async function addGlobalAdmin(
  tx: Prisma.TransactionClient,
  options: { tenant: string; name: string; email: string; passwordHash: string },
) {
  if (await tx.user.findUnique({ where: { email: options.email }, select: { id: true } })) {
    const message = `${options.email} already has an account.`;
    throw new ConflictError(message, { email: [message] });
  }
  const existing = await tx.tenant.findUnique({ where: { name: options.tenant } });
  const tenant = existing ?? (await tx.tenant.create({ data: { name: options.tenant } }));
  const user = await tx.user.create({
    data: {
      email: options.email,
      name: options.name,
      passwordHash: options.passwordHash,
      tenantId: tenant.id,
      assignments: { create: { role: "GlobalAdmin", tenantId: tenant.id } },
    },
  });
  await tx.appSetting.deleteMany({ where: { key: setupCodeSetting } });
  return { tenant, user, createdTenant: !existing };
}
