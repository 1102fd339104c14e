import "server-only";
import type { PublicAudit } from "../actions/define-public-action";
import { hashPassword } from "../auth/password";
import { reserveAttempts } from "../auth/rate-limit";
import { prisma } from "../db";
import { AppError, ConflictError, ValidationError } from "../errors";
import { addGlobalAdmin } from "./add-global-admin";
import { isSetUp } from "./is-set-up";
import { matchesSetupCode, setupCodeSetting, type StoredSetupCode } from "./setup-code-format";

/** Setup attempts per client address: the code has 80 random bits, this keeps guessing noisy and slow. */
export const setupAttemptLimit = { max: 10, windowMs: 15 * 60_000 };

export const alreadySetUp = "Backup Center is already set up. Sign in instead.";

/**
 * First run: with the one-time code from the server log, creates the organisation (tenant) and its
 * first global admin. Refused, with nothing changed, once any user exists, and for a wrong, expired
 * or used code. The code is claimed by a conditional delete inside the same transaction as the new
 * account and its audit entry, so of two setups at once exactly one succeeds.
 */
export async function setUpBackupCenter(options: {
  input: { code: string; tenant: string; name: string; email: string; password: string };
  clientAddress: string;
  audit: PublicAudit;
  now?: Date;
}) {
  const { input } = options;
  const now = options.now ?? new Date();
  // Once set up there is nothing to guess, so nothing is counted either; checked again below.
  if (await isSetUp()) throw new ConflictError(alreadySetUp);
  // Counted before the code is checked, so a burst of guesses cannot outrun the limit.
  const wait = await reserveAttempts([{ key: `setup:ip:${options.clientAddress}`, ...setupAttemptLimit }], now);
  if (wait > 0) throw new AppError("FORBIDDEN", "Too many setup attempts. Wait a few minutes and try again.");
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    if (await tx.user.findFirst({ select: { id: true } })) throw new ConflictError(alreadySetUp);
    const setting = await tx.appSetting.findUnique({ where: { key: setupCodeSetting } });
    const stored = setting ? (JSON.parse(setting.value) as StoredSetupCode) : null;
    if (!stored || !matchesSetupCode(input.code, stored)) {
      const message = "The setup code is incorrect.";
      throw new ValidationError(message, { code: [`${message} Copy it from the server log.`] });
    }
    if (new Date(stored.expiresAt) <= now) {
      const message = "The setup code has expired.";
      throw new ValidationError(message, { code: [`${message} Restart Backup Center to get a new one.`] });
    }
    // The claim: only the transaction that deletes this very code goes on.
    const claimed = await tx.appSetting.deleteMany({ where: { key: setupCodeSetting, value: setting!.value } });
    if (claimed.count !== 1) throw new ConflictError(alreadySetUp);
    const { tenant, user } = await addGlobalAdmin(tx, {
      tenant: input.tenant,
      name: input.name,
      email: input.email,
      passwordHash,
    });
    await options.audit(tx, {
      actor: { userId: user.id, email: user.email },
      tenantId: tenant.id,
      detail: `Set up Backup Center: organisation ${tenant.name}, first global admin ${user.email}.`,
    });
    return { tenantId: tenant.id, userId: user.id };
  });
}
