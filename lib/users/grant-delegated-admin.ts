import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation, ValidationError } from "../errors";

const noSuchPartner = "No organisation has this ID. Ask the partner for the organisation ID on their Users page.";

/**
 * A customer tenant grants a partner organisation Delegated Admin of itself (a tenant relation,
 * like GDAP). The partner is named by its organisation ID (its tenant id, shown to its Global
 * admins on their Users page): ids cannot be guessed or mistyped into another organisation, as
 * names could. An unknown ID is refused; no tenant is ever created here. Nobody in the partner
 * holds the role yet: the partner's own Global admins choose who does.
 */
export async function grantDelegatedAdmin(options: { tenant: Tenant; partnerTenantId: string; audit?: AuditAccepted }) {
  const { tenant, partnerTenantId } = options;
  const alreadyGranted = (name: string) =>
    new ConflictError(`${name} already holds Delegated Admin of ${tenant.name}.`);
  try {
    return await prisma.$transaction(async (tx) => {
      const partner = await tx.tenant.findUnique({ where: { id: partnerTenantId } });
      if (!partner) throw new ValidationError(noSuchPartner, { partnerTenantId: [noSuchPartner] });
      if (partner.id === tenant.id) {
        const message = "This is your own organisation's ID. Enter the partner's.";
        throw new ValidationError(message, { partnerTenantId: [message] });
      }
      const existing = await tx.delegatedAdminRelation.findUnique({
        where: { customerTenantId_partnerTenantId: { customerTenantId: tenant.id, partnerTenantId: partner.id } },
      });
      if (existing) throw alreadyGranted(partner.name);
      const relation = await tx.delegatedAdminRelation.create({
        data: { customerTenantId: tenant.id, partnerTenantId: partner.id },
      });
      await options.audit?.(tx, { detail: `Granted ${partner.name} Delegated Admin of ${tenant.name}.` });
      return { relation, partner };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`This partner already holds Delegated Admin of ${tenant.name}.`);
    throw error;
  }
}
