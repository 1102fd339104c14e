import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation } from "../errors";
import { issueSetPasswordToken } from "./issue-set-password-token";

export type NewUserCredential = { kind: "password"; password: string } | { kind: "link" };

const emailTaken = () =>
  new ConflictError("A user with this e-mail address already exists.", {
    email: ["A user with this e-mail address already exists."],
  });

/**
 * Adds a user to `tenant` (their home tenant) with no role. They get either the initial password
 * the admin chose (hashed with argon2id) or a one-time set-password link, whose path is returned
 * here once and never again.
 */
export async function addUser(options: {
  tenant: Tenant;
  name: string;
  email: string;
  credential: NewUserCredential;
  audit?: AuditAccepted;
  now?: Date;
}) {
  const { tenant, name, email, credential } = options;
  const now = options.now ?? new Date();
  // Hashing takes tens of milliseconds: do it before the transaction holds the write lock.
  const passwordHash = credential.kind === "password" ? await hashPassword(credential.password) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
      const user = await tx.user.create({ data: { name, email, tenantId: tenant.id, passwordHash, createdAt: now } });
      const link = credential.kind === "link" ? await issueSetPasswordToken(tx, { userId: user.id, now }) : null;
      await options.audit?.(tx, {
        detail: `Added ${name} (${email}) to ${tenant.name}, ${link ? "with a set-password link" : "with an initial password"}.`,
      });
      return { user, setPasswordLink: link };
    });
  } catch (error) {
    // Two admins adding the same address at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
