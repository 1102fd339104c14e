import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation, ValidationError } from "../errors";
import { availableCredentialKinds } from "./credential-kinds";
import { issueSetPasswordToken } from "./issue-set-password-token";

export type NewUserCredential = { kind: "password"; password: string } | { kind: "link" } | { kind: "sso" };

const credentialPhrase = {
  password: "with an initial password",
  link: "with a set-password link",
  sso: "signing in with single sign-on",
} as const;

const emailTaken = () =>
  new ConflictError("A user with this e-mail address already exists.", {
    email: ["A user with this e-mail address already exists."],
  });

/**
 * Adds a user to `tenant` (their home tenant) with no role. They get the initial password the
 * admin chose (hashed with argon2id), a one-time set-password link (its path returned here once and
 * never again), or neither when they sign in with single sign-on only. Only the sign-in methods
 * that are on may be chosen.
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
  if (!availableCredentialKinds().includes(credential.kind)) {
    const message =
      credential.kind === "sso"
        ? "Single sign-on is not set up."
        : "Passwords are turned off; users sign in with single sign-on.";
    throw new ValidationError(message, { credential: [message] });
  }
  // Hashing takes tens of milliseconds: do it before the transaction holds the write lock.
  const passwordHash = credential.kind === "password" ? await hashPassword(credential.password) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
      const user = await tx.user.create({ data: { name, email, tenantId: tenant.id, passwordHash, createdAt: now } });
      const link = credential.kind === "link" ? await issueSetPasswordToken(tx, { userId: user.id, now }) : null;
      await options.audit?.(tx, {
        detail: `Added ${name} (${email}) to ${tenant.name}, ${credentialPhrase[credential.kind]}.`,
      });
      return { user, setPasswordLink: link };
    });
  } catch (error) {
    // Two admins adding the same address at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
