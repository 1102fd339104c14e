import "server-only";
import { prisma } from "../db";
import { generateSetupCode, setupCodeSetting } from "./setup-code-format";

/**
 * At start, while no user exists: a new one-time setup code, replacing any earlier one (a restart
 * prints a new code and the old one stops working). Returns null once Backup Center is set up, and
 * removes a code left over from before.
 */
export async function issueSetupCode(options: { now?: Date } = {}): Promise<{ code: string; expiresAt: Date } | null> {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    if (await tx.user.findFirst({ select: { id: true } })) {
      await tx.appSetting.deleteMany({ where: { key: setupCodeSetting } });
      return null;
    }
    const { code, stored } = generateSetupCode(now);
    const value = JSON.stringify(stored);
    await tx.appSetting.upsert({
      where: { key: setupCodeSetting },
      create: { key: setupCodeSetting, value },
      update: { value },
    });
    return { code, expiresAt: new Date(stored.expiresAt) };
  });
}
