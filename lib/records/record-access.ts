import "server-only";
import type { Prisma } from "@prisma/client";
import { prisma } from "../db";
import { ConflictError } from "../errors";
import type { EntityDefinition } from "./entities";

// Prisma access shared by the record services (listing and editing).

export type RecordRow = Record<string, unknown>;
export type RecordDelegate = {
  count(args: object): Promise<number>;
  findMany(args: object): Promise<RecordRow[]>;
  updateMany(args: object): Promise<{ count: number }>;
};

/** The Prisma delegate of an entity's table; pass a transaction client to use it inside one. */
export function delegateOf(entity: EntityDefinition, db: Prisma.TransactionClient = prisma): RecordDelegate {
  const delegates: Record<EntityDefinition["key"], unknown> = {
    accounts: db.account,
    contacts: db.contact,
    opportunities: db.opportunity,
    cases: db.supportCase,
  };
  return delegates[entity.key] as RecordDelegate;
}

/** The refusal for reading or editing records while the instance is not Ready. */
export function unavailable(instance: { name: string; state: string }) {
  return new ConflictError(`${instance.name} is unavailable while it is ${instance.state.toLowerCase()}.`);
}
