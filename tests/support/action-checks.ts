// Checks for integration tests of server actions: what an action may change (the "world"), and how
// an accepted or refused call must show in its result, that world, the audit log and revalidation.
import { existsSync, readdirSync } from "node:fs";
import type { AuditEntry } from "@prisma/client";
import { expect } from "vitest";
import type { ActionResult } from "@/lib/actions/define-action";
import type { Actor, AdminRole } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { backupStorageDir } from "@/lib/env";
import { recordsHash, runQueuedOperations } from "./operations";
import { nextCacheMock } from "./session";

/** The roles that may act, each tested on its own. */
export const adminRoles = [
  "GlobalAdmin",
  "SystemAdministrator",
  "DelegatedAdmin",
] as const satisfies readonly AdminRole[];

/** Arguments as a client could send them, whatever the action's declared types. */
export function untrusted<T>(value: unknown): T {
  return value as T;
}

/** Rows in id order, as snapshot() lists them. */
export const byId = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** `rows` with the row of id `id` (which must be among them) changed by `patch`. */
export function patched<R extends { id: string }>(rows: R[], id: string, patch: Partial<R>): R[] {
  expect(rows.map((row) => row.id)).toContain(id);
  return rows.map((row) => (row.id === id ? { ...row, ...patch } : row));
}

/** Every path under the backup storage folder, sorted. */
export function storedFiles(): string[] {
  const dir = backupStorageDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

/**
 * Everything an action could touch: backups, operations, instances, roles, users, tenants, their
 * delegated-admin relations, set-password tokens, alert settings and deliveries, the records of each instance (as a hash per
 * instance id) and the stored files; the audit log separately, since refusals add to it.
 */
export async function snapshot() {
  const [
    backups,
    operations,
    instances,
    roleAssignments,
    users,
    tenants,
    relations,
    setPasswordTokens,
    alertSettings,
    alertDeliveries,
    audit,
  ] = await Promise.all([
    prisma.backup.findMany({ orderBy: { id: "asc" } }),
    prisma.operation.findMany({ orderBy: { id: "asc" } }),
    prisma.instance.findMany({ orderBy: { id: "asc" } }),
    prisma.roleAssignment.findMany({ orderBy: { id: "asc" } }),
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.tenant.findMany({ orderBy: { id: "asc" } }),
    prisma.delegatedAdminRelation.findMany({ orderBy: { id: "asc" } }),
    prisma.setPasswordToken.findMany({ orderBy: { id: "asc" } }),
    prisma.alertSettings.findMany({ orderBy: { tenantId: "asc" } }),
    prisma.alertDelivery.findMany({ orderBy: { id: "asc" } }),
    prisma.auditEntry.findMany({ orderBy: { id: "asc" } }),
  ]);
  const records: Record<string, string> = {};
  for (const instance of instances) records[instance.id] = await recordsHash(instance.id);
  return {
    world: {
      backups,
      operations,
      instances,
      roleAssignments,
      users,
      tenants,
      relations,
      setPasswordTokens,
      alertSettings,
      alertDeliveries,
      records,
      files: storedFiles(),
    },
    audit,
  };
}
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

export function auditAddedSince(before: Snapshot, after: Snapshot): AuditEntry[] {
  const seen = new Set(before.audit.map((entry) => entry.id));
  return after.audit.filter((entry) => !seen.has(entry.id));
}

export type DeniedEntry = {
  actor: Actor;
  action: string;
  instanceId: string | null;
  /** The tenant the input named, for refusals of an action on a tenant; null (the default) otherwise. */
  tenantId?: string | null;
  /** The backup the input named, for refusals of an action on a backup; null (the default) otherwise. */
  backupId?: string | null;
  /** The entry's detail; the refusal's message when not given. */
  detail?: string;
};

export type Refusal = {
  code: "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "VALIDATION";
  /** The message, or a pattern when only its gist is the contract. */
  error: string | RegExp;
  fieldErrors?: Record<string, unknown>;
  /** The "denied" entry the action must write; null when it must write none. */
  audit: DeniedEntry | null;
};

/** What an audit entry of a server action must say besides its outcome. */
type EntryExpectation = {
  actor: Actor;
  action: string;
  instanceId: string | null;
  tenantId?: string | null;
  backupId?: string | null;
  operationId?: string | null;
  detail: unknown;
};

/** Matches the audit entry with `outcome` and exactly these fields (tenant, backup and operation null unless given). */
function auditEntry(outcome: "accepted" | "denied" | "failed", expected: EntryExpectation) {
  return expect.objectContaining({
    actorId: expected.actor.userId,
    actorEmail: expected.actor.email,
    action: expected.action,
    outcome,
    instanceId: expected.instanceId,
    tenantId: expected.tenantId ?? null,
    backupId: expected.backupId ?? null,
    operationId: expected.operationId ?? null,
    detail: expected.detail,
  });
}

/** Calls the action, asserts its typed refusal, that nothing changed, and the audit entry it left. */
export async function expectRefused<T>(call: () => Promise<ActionResult<T>>, expected: Refusal) {
  const error = typeof expected.error === "string" ? expected.error : expect.stringMatching(expected.error);
  const before = await snapshot();
  const result = await call();
  expect(result).toEqual({
    ok: false,
    code: expected.code,
    error,
    fieldErrors: expected.fieldErrors,
  });
  const after = await snapshot();
  expect(after.world).toEqual(before.world);
  const { audit } = expected;
  expect(auditAddedSince(before, after)).toEqual(
    audit ? [auditEntry("denied", { ...audit, detail: audit.detail ?? error })] : [],
  );
  expect(nextCacheMock.revalidatePath).not.toHaveBeenCalled();
  return result;
}

/** What an action answers a caller whose session cookie is missing, invalid or signed out; nothing is audited. */
export const sessionEnded = {
  code: "UNAUTHENTICATED",
  error: "Your session has ended. Sign in again.",
  audit: null,
} as const satisfies Refusal;

/**
 * Asserts that ids the caller may not act on are refused exactly as ids that do not exist: both
 * with `refusal`, changing nothing, each call leaving the "denied" entry `audit` gives for its ids.
 */
export async function expectRefusedLikeMissing<Ids>(
  call: (ids: Ids) => Promise<ActionResult<unknown>>,
  ids: { outOfScope: Ids; missing: Ids },
  refusal: Pick<Refusal, "code" | "error">,
  audit: (ids: Ids) => DeniedEntry,
) {
  const outOfScope = await expectRefused(() => call(ids.outOfScope), { ...refusal, audit: audit(ids.outOfScope) });
  const missing = await expectRefused(() => call(ids.missing), { ...refusal, audit: audit(ids.missing) });
  expect(outOfScope).toEqual(missing);
}

/** Asserts the single "accepted" audit entry added between the snapshots and the one revalidation. */
export function expectAccepted(
  before: Snapshot,
  after: Snapshot,
  expected: {
    actor: Actor;
    action: string;
    /** Null for actions on a user or the caller's own account, which name no instance. */
    instanceId: string | null;
    tenantId?: string;
    backupId?: string;
    operationId?: string;
    /** The entry's detail; null (the default) for none. */
    detail?: string | null;
  },
) {
  expect(auditAddedSince(before, after)).toEqual([
    auditEntry("accepted", { ...expected, detail: expected.detail ?? null }),
  ]);
  expect(nextCacheMock.revalidatePath).toHaveBeenCalledTimes(1);
  expect(nextCacheMock.revalidatePath).toHaveBeenCalledWith("/", "layout");
}

/**
 * Calls an action that fails unexpectedly (the test makes it fail), and asserts its INTERNAL answer,
 * that nothing changed, no revalidation, and its single "failed" audit entry.
 */
export async function expectFailedUnexpectedly<T>(
  call: () => Promise<ActionResult<T>>,
  expected: Omit<EntryExpectation, "operationId" | "detail"> & { detail: string },
) {
  const before = await snapshot();
  const result = await call();
  expect(result).toEqual({
    ok: false,
    code: "INTERNAL",
    error: "Something went wrong. Try again, and contact support if it keeps happening.",
  });
  const after = await snapshot();
  expect(after.world).toEqual(before.world);
  expect(auditAddedSince(before, after)).toEqual([auditEntry("failed", expected)]);
  expect(nextCacheMock.revalidatePath).not.toHaveBeenCalled();
}

/**
 * Lets the worker finish whatever a test queued, then asserts an idle queue and every instance
 * Ready, so the next test starts from there.
 */
export async function finishQueuedWork() {
  await runQueuedOperations();
  expect(await prisma.operation.count({ where: { status: { in: ["Queued", "Running"] } } })).toBe(0);
  expect(await prisma.instance.count({ where: { state: { not: "Ready" } } })).toBe(0);
}
