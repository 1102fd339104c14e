import "server-only";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import type { OwnAccount } from "./find-own-account";

/**
 * Ends every session of the caller's account, this one included: each carries the session version
 * this bumps, so every open session (another browser, a stolen cookie) is refused on its next request.
 */
export async function signOutEverywhere(options: { account: OwnAccount; audit: AuditAccepted }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: options.account.id }, data: { sessionVersion: { increment: 1 } } });
    await options.audit(tx, { detail: "Signed out of every session." });
  });
}
