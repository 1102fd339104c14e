// Audit entries written through recordAudit at chosen times, for the Audit log's query tests.
import type { AuditOutcome } from "@/lib/audit/record-audit";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";

export type SeededEntry = {
  actor: Actor | "system";
  action: string;
  outcome: AuditOutcome;
  instanceId: string;
  at: Date;
  detail: string;
};

/** Writes the entries, and returns them as stored (with ids), newest first as the log lists them. */
export async function writeEntries(entries: SeededEntry[]) {
  for (const entry of entries) {
    const actor = entry.actor === "system" ? "system" : { userId: entry.actor.userId, email: entry.actor.email };
    await recordAudit({ ...entry, actor });
  }
  return prisma.auditEntry.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }] });
}
