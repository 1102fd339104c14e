import type { Prisma } from "@prisma/client";
import type { AuditCursor } from "./schemas";

/**
 * Entries past `cursor` in (at, id) order: older ones, or newer ones for a "newer" page. The plain
 * range on `at` lets the index seek there; the OR then only breaks ties within one millisecond.
 */
export function pastCursor(cursor: AuditCursor, direction: "older" | "newer"): Prisma.AuditEntryWhereInput {
  return direction === "older"
    ? { at: { lte: cursor.at }, OR: [{ at: { lt: cursor.at } }, { id: { lt: cursor.id } }] }
    : { at: { gte: cursor.at }, OR: [{ at: { gt: cursor.at } }, { id: { gt: cursor.id } }] };
}
