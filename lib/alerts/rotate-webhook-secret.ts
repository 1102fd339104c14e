import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { ValidationError } from "../errors";
import { generateWebhookSecret } from "./generate-webhook-secret";

/** Replaces the webhook's signing secret; the old one stops signing at once. Returned once. */
export async function rotateWebhookSecret(options: {
  tenant: Tenant;
  audit: AuditAccepted;
}): Promise<{ secret: string }> {
  return prisma.$transaction(async (tx) => {
    const secret = generateWebhookSecret();
    const rotated = await tx.alertSettings.updateMany({
      where: { tenantId: options.tenant.id, webhookUrl: { not: null } },
      data: { webhookSecret: secret },
    });
    if (rotated.count !== 1) throw new ValidationError("Set a webhook first.");
    await options.audit(tx);
    return { secret };
  });
}
