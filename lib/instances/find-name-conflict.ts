import "server-only";
import type { Prisma } from "@prisma/client";
import { ConflictError } from "../errors";

/**
 * Why `name` or `domain` can't be used for an instance of `tenantId` (names are unique per tenant,
 * domains everywhere), or null. Another tenant's instance behind a taken domain is never named.
 */
export async function findNameConflict(
  db: Prisma.TransactionClient,
  options: { tenantId: string; name: string; domain?: string; exceptInstanceId?: string },
): Promise<ConflictError | null> {
  const except = options.exceptInstanceId ? { id: { not: options.exceptInstanceId } } : {};
  const sameName = await db.instance.findFirst({
    where: { tenantId: options.tenantId, name: options.name, ...except },
    select: { id: true },
  });
  if (sameName) {
    const message = `An instance named ${options.name} already exists. Choose another name.`;
    return new ConflictError(message, { name: [message] });
  }
  if (options.domain === undefined) return null;
  const sameDomain = await db.instance.findFirst({
    where: { domain: options.domain, ...except },
    select: { id: true },
  });
  if (sameDomain) {
    const message = `The domain ${options.domain} is already in use. Choose another domain.`;
    return new ConflictError(message, { domain: [message] });
  }
  return null;
}
