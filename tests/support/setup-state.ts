// What first-run setup and create-admin may change: tenants, users, their roles, the stored setup
// code, and the audit log. Sign-in throttle rows are left out: a refused attempt is counted.
import { prisma } from "@/lib/db";
import { issueSetupCode } from "@/lib/setup/issue-setup-code";

export async function setupState() {
  const [tenants, users, roleAssignments, settings, audit] = await Promise.all([
    prisma.tenant.findMany({ orderBy: { id: "asc" } }),
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.roleAssignment.findMany({ orderBy: { id: "asc" } }),
    prisma.appSetting.findMany({ orderBy: { key: "asc" } }),
    prisma.auditEntry.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { tenants, users, roleAssignments, settings, audit };
}

/** Back to a fresh install: no tenant, no user, no code, nothing audited or throttled. */
export async function emptyDatabase() {
  await prisma.user.deleteMany();
  await prisma.tenant.deleteMany();
  await prisma.appSetting.deleteMany();
  await prisma.rateLimit.deleteMany();
  await prisma.auditEntry.deleteMany();
}

/** A fresh install's printed code, as the server logs it at start. */
export async function printedSetupCode(now?: Date): Promise<string> {
  const issued = await issueSetupCode({ now });
  if (!issued) throw new Error("expected a setup code: a user exists");
  return issued.code;
}
