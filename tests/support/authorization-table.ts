// The one table the authorization matrix (tests/authorization-matrix.test.ts) is generated from:
// every exported server action and every route handler under app/, how to call it with valid input
// on a given tenant, instance and backup, the permissions it needs on which of them, what it answers when
// a lookup is out of scope, and what an allowed call must have changed. The guards
// (tests/authorization-guards.test.ts) fail when a "use server" export or a route.ts is missing here.
import type { Backup, Instance, Tenant, User } from "@prisma/client";
import { NextRequest } from "next/server";
import { expect } from "vitest";
import * as accountActions from "@/app/account/actions";
import * as backupActions from "@/app/(admin)/backups/actions";
import * as recordActions from "@/app/(admin)/instances/[instanceId]/data/actions";
import * as instanceActions from "@/app/(admin)/instances/actions";
import * as alertActions from "@/app/(admin)/alerts/actions";
import * as userActions from "@/app/(admin)/users/actions";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import * as auditExportRoute from "@/app/api/audit/export/route";
import * as liveRoute from "@/app/api/live/route";
import * as setupActions from "@/app/setup/actions";
import type { ActionResult } from "@/lib/actions/define-action";
import { verifyPassword } from "@/lib/auth/password";
import type { Actor, OwnAccountPermission, Permission } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { manifestKey } from "@/lib/snapshot/format";
import { byId, patched, type Snapshot } from "./action-checks";
import { csvRecords } from "./csv";
import { recordsHash } from "./operations";

/**
 * What a call acts on: a Sandbox `source` (9.1.8, with records and one finished on-demand
 * `backup`), a Sandbox restore `target` with records of its own (in the source's tenant unless a
 * case puts it elsewhere), and a `sibling` instance of the source's tenant. For user management:
 * a `member` of the tenant without a role, a `customer` tenant that granted the tenant Delegated
 * Admin, a `partner` tenant the tenant granted it, and a `prospect` tenant with no relation yet.
 */
export type Place = {
  tenant: Tenant;
  source: Instance;
  target: Instance;
  sibling: Instance;
  backup: Backup;
  member: User;
  customer: Tenant;
  partner: Tenant;
  prospect: Tenant;
};

/** The ids a client sends: the place's, or the ones a case replaced with ids that do not exist. */
export type Ids = {
  tenantId: string;
  instanceId: string;
  backupId: string;
  targetInstanceId: string;
  recordId: number;
  /** The source's name, as an admin types it to confirm deleting it. */
  sourceName: string;
  /** The place's member, customer, partner and prospect (see Place). */
  userId: string;
  customerTenantId: string;
  partnerTenantId: string;
  prospectTenantId: string;
};

/** What of a place a permission is checked on: one of its instances, or (tenant actions) its tenant. */
export type Subject = "source" | "target" | "tenant";
export type Need = { on: Subject; permission: Permission };

type Effect<D> = (check: {
  place: Place;
  ids: Ids;
  actor: Actor;
  before: Snapshot;
  after: Snapshot;
  data: D;
}) => void | Promise<void>;

export type ActionEntry = {
  kind: "action";
  file: string;
  name: string;
  fn: unknown;
  /** Checked in order; the first one the caller lacks decides the refusal. */
  needs: readonly Need[];
  /** The name its audit entries carry. */
  audit: string;
  call: (ids: Ids) => Promise<ActionResult<unknown>>;
  /** The refusal when `failing` is out of scope, its audit refs, and the ids that make it missing instead. */
  notFound: (
    ids: Ids,
    failing: Subject,
  ) => {
    error: string;
    missing: Ids;
    refs: { instanceId: string | null; tenantId?: string | null; backupId?: string | null; detail?: string };
  };
  /** The instance the "accepted" entry names, if any (tenant actions' entries name the tenant as well). */
  acceptedOn: (place: Place, data: never) => string | null;
  effect: Effect<never>;
};

export type RouteEntry = {
  kind: "route";
  file: string;
  name: string;
  fn: unknown;
  needs: readonly Need[];
  call: (ids: Ids) => Promise<Response>;
  unauthenticated: { status: number; body: unknown };
  notFound: (ids: Ids, failing: Subject) => { status: number; body: unknown; missing: Ids };
  effect: (check: { place: Place; body: unknown }) => void | Promise<void>;
};

/**
 * A route anyone may call, signed in or not, listed with the reason. The matrix generates no cases
 * for it: next-auth's handler reads next/headers through a CommonJS require that the harness's
 * vi.mock does not reach, so tests/sign-in.test.ts covers its session checks (a revoked or expired
 * token is not re-issued) through authOptions instead.
 */
export type PublicEntry = { kind: "public"; file: string; name: string; fn: unknown; reason: string };

/**
 * A route that names no resource: it answers every signed-in caller with what the policy lets that
 * caller view, and a signed-out caller with 401. The matrix generates no cases for it (it has no
 * instance or tenant to refuse); `coveredBy` names the test that checks each role's view.
 */
export type CallerScopedEntry = {
  kind: "callerScoped";
  file: string;
  name: string;
  fn: unknown;
  reason: string;
  coveredBy: string;
};

/**
 * A server action that needs no session (first-run setup), listed with the reason. It must refuse
 * every caller once a user exists, as one always does in the matrix: each caller's call gets
 * `refusal`, with nothing changed and nothing audited.
 */
export type PublicActionEntry = {
  kind: "publicAction";
  file: string;
  name: string;
  fn: unknown;
  reason: string;
  call: (ids: Ids) => Promise<ActionResult<unknown>>;
  refusal: { code: "CONFLICT"; error: string };
};

/**
 * A server action on the caller's own account (the account page). No input names a user: every
 * signed-in caller, whatever their roles, acts on their own account only. The matrix calls it as
 * each caller, signed in with the password `callerPassword`: a signed-out or revoked session is
 * refused; for everyone else it makes exactly `effect` on their own user row, and its "accepted"
 * entry names no instance or tenant.
 */
export type OwnAccountEntry = {
  kind: "ownAccount";
  file: string;
  name: string;
  fn: unknown;
  permission: OwnAccountPermission;
  /** The name its audit entries carry. */
  audit: string;
  call: () => Promise<ActionResult<unknown>>;
  effect: Effect<never>;
};

/** The password every matrix caller has, so an own-account action can check it. */
export const callerPassword = "the matrix caller's passphrase";

export type Entry = ActionEntry | RouteEntry | PublicEntry | CallerScopedEntry | PublicActionEntry | OwnAccountEntry;

export const nowhere = {
  instance: "cl0000000000000000000000",
  backup: "cl0000000000000000000001",
  target: "cl0000000000000000000002",
  tenant: "cl0000000000000000000003",
};

// ---------------------------------------------------------------------------------------------
// Builders that tie an entry to the export it calls, so the guards can check the table calls the
// very function that file exports under that name.

type Module = Record<string, unknown>;

function action<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  spec: Omit<ActionEntry, "kind" | "file" | "name" | "fn" | "call" | "acceptedOn" | "effect"> & {
    call: (fn: M[K], ids: Ids) => Promise<ActionResult<unknown>>;
    acceptedOn: (place: Place, data: DataOf<M[K]>) => string | null;
    effect: Effect<DataOf<M[K]>>;
  },
): ActionEntry {
  const fn = module[name];
  return {
    ...spec,
    kind: "action",
    file,
    name,
    fn,
    call: (ids) => spec.call(fn, ids),
    acceptedOn: spec.acceptedOn as ActionEntry["acceptedOn"],
    effect: spec.effect as Effect<never>,
  };
}

type DataOf<F> = F extends (...args: never[]) => Promise<ActionResult<infer D>> ? D : never;

function route<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  spec: Omit<RouteEntry, "kind" | "file" | "name" | "fn" | "call"> & {
    call: (fn: M[K], ids: Ids) => Promise<Response>;
  },
): RouteEntry {
  const fn = module[name];
  return { ...spec, kind: "route", file, name, fn, call: (ids) => spec.call(fn, ids) };
}

function publicAction<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  spec: Omit<PublicActionEntry, "kind" | "file" | "name" | "fn" | "call"> & {
    call: (fn: M[K], ids: Ids) => Promise<ActionResult<unknown>>;
  },
): PublicActionEntry {
  const fn = module[name];
  return { ...spec, kind: "publicAction", file, name, fn, call: (ids) => spec.call(fn, ids) };
}

function ownAccountAction<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  spec: Omit<OwnAccountEntry, "kind" | "file" | "name" | "fn" | "call" | "effect"> & {
    call: (fn: M[K]) => Promise<ActionResult<unknown>>;
    effect: Effect<DataOf<M[K]>>;
  },
): OwnAccountEntry {
  const fn = module[name];
  return {
    ...spec,
    kind: "ownAccount",
    file,
    name,
    fn,
    call: () => spec.call(fn),
    effect: spec.effect as Effect<never>,
  };
}

function publicRoute<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  reason: string,
): PublicEntry {
  return { kind: "public", file, name, fn: module[name], reason };
}

function callerScopedRoute<M extends Module, K extends keyof M & string>(
  file: string,
  module: M,
  name: K,
  spec: { reason: string; coveredBy: string },
): CallerScopedEntry {
  return { kind: "callerScoped", file, name, fn: module[name], ...spec };
}

// ---------------------------------------------------------------------------------------------
// Refusals, by how an entry names what it acts on.

/** Actions naming the instance: an out-of-scope id is "Instance not found.", audited on that id. */
const instanceNamed = (ids: Ids) => ({
  error: "Instance not found.",
  missing: { ...ids, instanceId: nowhere.instance },
  refs: { instanceId: ids.instanceId, detail: "Instance not found." },
});

/** Actions on a tenant: an out-of-scope tenant is "Tenant not found.", audited on that tenant id. */
const tenantNamed = (ids: Ids) => ({
  error: "Tenant not found.",
  missing: { ...ids, tenantId: nowhere.tenant },
  refs: { instanceId: null, tenantId: ids.tenantId, detail: "Tenant not found." },
});

/** Actions naming a backup: "Backup not found.", audited on the backup id, no instance known yet. */
const backupNamed = (ids: Ids) => ({
  error: "Backup not found.",
  missing: { ...ids, backupId: nowhere.backup },
  refs: { instanceId: null, backupId: ids.backupId },
});

const backups = "app/(admin)/backups/actions.ts";
const instances = "app/(admin)/instances/actions.ts";
const records = "app/(admin)/instances/[instanceId]/data/actions.ts";
const users = "app/(admin)/users/actions.ts";
const alerts = "app/(admin)/alerts/actions.ts";

/** Every place's tenant has this webhook (nothing listens there) with no event subscribed. */
export const matrixWebhookUrl = "http://127.0.0.1:9/matrix";

/** The place's alert settings row after a change to it. */
function changedAlertSettings(before: Snapshot, after: Snapshot, place: Place) {
  const row = after.world.alertSettings.find((s) => s.tenantId === place.tenant.id)!;
  expect(before.world.alertSettings.map((s) => s.tenantId)).toContain(place.tenant.id);
  return before.world.alertSettings.map((s) => (s.tenantId === place.tenant.id ? row : s));
}
const live = "app/api/live/route.ts";
const auditExport = "app/api/audit/export/route.ts";
const auth = "app/api/auth/[...nextauth]/route.ts";
const setup = "app/setup/actions.ts";
const account = "app/account/actions.ts";

/** The caller's own user row after an own-account action: `patch`, and every session of it ended. */
function ownUserChanged(before: Snapshot, actor: Actor, patch: Partial<Snapshot["world"]["users"][number]> = {}) {
  const user = before.world.users.find((u) => u.id === actor.userId)!;
  return patched(before.world.users, actor.userId, { ...patch, sessionVersion: user.sessionVersion + 1 });
}

/** The member after a change to them: the change, and their session version bumped (open sessions end). */
function changedMember(before: Snapshot, place: Place, patch: Partial<User>) {
  return patched(before.world.users, place.member.id, { ...patch, sessionVersion: place.member.sessionVersion + 1 });
}

/** The rows of `after` not in `before`, exactly one of them. */
function addedRow<R extends { id: string }>(before: R[], after: R[]): R {
  const added = after.filter((row) => !before.some((old) => old.id === row.id));
  expect(added).toHaveLength(1);
  return added[0]!;
}

/** The one pending operation an allowed call added, read back from the database. */
async function addedOperation(before: Snapshot, after: Snapshot) {
  const added = after.world.operations.filter((op) => !before.world.operations.some((old) => old.id === op.id));
  expect(added).toHaveLength(1);
  return added[0]!;
}

export const authorizationTable: readonly Entry[] = [
  action(backups, backupActions, "createBackupAction", {
    needs: [{ on: "source", permission: "backup.create" }],
    audit: "backup.create",
    call: (fn, ids) => fn({ instanceId: ids.instanceId, label: "Matrix backup", notes: "" }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, actor, before, after, data }) => {
      const backup = await prisma.backup.findUniqueOrThrow({ where: { id: data.backupId } });
      expect(backup).toMatchObject({ instanceId: place.source.id, kind: "OnDemand", status: "Queued" });
      expect(backup).toMatchObject({ label: "Matrix backup", createdById: actor.userId });
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Backup", backupId: backup.id });
      expect(after.world).toEqual({
        ...before.world,
        backups: byId([...before.world.backups, backup]),
        operations: byId([...before.world.operations, operation]),
      });
    },
  }),
  action(backups, backupActions, "editBackupAction", {
    needs: [{ on: "source", permission: "backup.edit" }],
    audit: "backup.edit",
    call: (fn, ids) => fn({ backupId: ids.backupId, label: "Renamed by the matrix", notes: "Edited" }),
    notFound: backupNamed,
    acceptedOn: (place) => place.source.id,
    effect: ({ place, before, after, data }) => {
      expect(data).toEqual({ backupId: place.backup.id });
      expect(after.world).toEqual({
        ...before.world,
        backups: patched(before.world.backups, place.backup.id, { label: "Renamed by the matrix", notes: "Edited" }),
      });
    },
  }),
  action(backups, backupActions, "deleteBackupAction", {
    needs: [{ on: "source", permission: "backup.delete" }],
    audit: "backup.delete",
    call: (fn, ids) => fn({ backupId: ids.backupId }),
    notFound: backupNamed,
    acceptedOn: (place) => place.source.id,
    effect: ({ place, before, after, data }) => {
      expect(data).toEqual({ backupId: place.backup.id });
      const key = place.backup.storageKey!;
      expect(before.world.files).toEqual(expect.arrayContaining([key, manifestKey(key)]));
      expect(after.world).toEqual({
        ...before.world,
        backups: before.world.backups.filter((b) => b.id !== place.backup.id),
        operations: before.world.operations.map((op) =>
          op.backupId === place.backup.id ? { ...op, backupId: null } : op,
        ),
        files: before.world.files.filter((file) => file !== key && file !== manifestKey(key)),
      });
    },
  }),
  action(backups, backupActions, "restoreBackupAction", {
    needs: [
      { on: "source", permission: "backup.restore" },
      { on: "target", permission: "instance.restoreInto" },
    ],
    audit: "backup.restore",
    call: (fn, ids) => fn({ backupId: ids.backupId, targetInstanceId: ids.targetInstanceId }),
    notFound: (ids, failing) =>
      failing === "source"
        ? {
            ...backupNamed(ids),
            refs: { ...backupNamed(ids).refs, detail: `Backup not found. Target instance: ${ids.targetInstanceId}.` },
          }
        : // The backup was found, so its instance is known; the target reads like a missing one.
          {
            error: "Instance not found.",
            missing: { ...ids, targetInstanceId: nowhere.target },
            refs: {
              instanceId: ids.instanceId,
              backupId: ids.backupId,
              detail: `Instance not found. Target instance: ${ids.targetInstanceId}.`,
            },
          },
    acceptedOn: (place) => place.target.id,
    effect: async ({ place, before, after, data }) => {
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Restore", status: "Queued" });
      expect(operation).toMatchObject({ instanceId: place.target.id, backupId: place.backup.id });
      expect(after.world).toEqual({
        ...before.world,
        operations: byId([...before.world.operations, operation]),
        instances: patched(before.world.instances, place.target.id, { state: "Restoring" }),
      });
    },
  }),
  action(backups, backupActions, "verifyBackupAction", {
    needs: [{ on: "source", permission: "backup.verify" }],
    audit: "backup.verify",
    call: (fn, ids) => fn({ backupId: ids.backupId }),
    notFound: backupNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, before, after, data }) => {
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Verify", status: "Queued" });
      expect(operation).toMatchObject({ instanceId: place.source.id, backupId: place.backup.id });
      expect(after.world).toEqual({ ...before.world, operations: byId([...before.world.operations, operation]) });
    },
  }),
  action(instances, instanceActions, "createInstanceAction", {
    needs: [{ on: "tenant", permission: "tenant.instances.manage" }],
    audit: "instance.create",
    call: (fn, ids) =>
      fn({
        tenantId: ids.tenantId,
        name: "Matrix instance",
        domain: `matrix-${ids.tenantId}.crm.example`,
        type: "Sandbox",
        version: "9.2.24",
        region: "Europe",
      }),
    notFound: tenantNamed,
    acceptedOn: (_place, data) => data.instanceId,
    effect: async ({ place, actor, before, after, data }) => {
      const instance = await prisma.instance.findUniqueOrThrow({ where: { id: data.instanceId } });
      expect(instance).toMatchObject({ tenantId: place.tenant.id, name: "Matrix instance", type: "Sandbox" });
      expect(instance).toMatchObject({ version: "9.2.24", region: "Europe", state: "Ready" });
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Create", status: "Succeeded" });
      expect(operation).toMatchObject({ instanceId: instance.id, requestedById: actor.userId });
      expect(after.world).toEqual({
        ...before.world,
        instances: byId([...before.world.instances, instance]),
        operations: byId([...before.world.operations, operation]),
        records: { ...before.world.records, [instance.id]: await recordsHash(instance.id) },
      });
    },
  }),
  action(instances, instanceActions, "updateInstanceAction", {
    needs: [{ on: "source", permission: "instance.update" }],
    audit: "instance.update",
    call: (fn, ids) => fn({ instanceId: ids.instanceId, version: "9.3.5" }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, before, after, data }) => {
      const backup = await prisma.backup.findUniqueOrThrow({ where: { id: data.backupId } });
      expect(backup).toMatchObject({ instanceId: place.source.id, kind: "System", label: "Before update to 9.3.5" });
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Update", targetVersion: "9.3.5" });
      expect(after.world).toEqual({
        ...before.world,
        backups: byId([...before.world.backups, backup]),
        operations: byId([...before.world.operations, operation]),
        instances: patched(before.world.instances, place.source.id, { state: "Updating" }),
      });
    },
  }),
  action(instances, instanceActions, "switchInstanceAction", {
    needs: [{ on: "source", permission: "instance.switch" }],
    audit: "instance.switch",
    call: (fn, ids) => fn({ instanceId: ids.instanceId, to: "Production" }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, actor, before, after, data }) => {
      expect(data).toEqual({ type: "Production" });
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ type: "Switch", status: "Succeeded", detail: "From Sandbox to Production" });
      expect(operation).toMatchObject({ instanceId: place.source.id, requestedById: actor.userId });
      expect(after.world).toEqual({
        ...before.world,
        instances: patched(before.world.instances, place.source.id, { type: "Production" }),
        operations: byId([...before.world.operations, operation]),
      });
    },
  }),
  action(instances, instanceActions, "renameInstanceAction", {
    needs: [{ on: "source", permission: "tenant.instances.manage" }],
    audit: "instance.rename",
    call: (fn, ids) => fn({ instanceId: ids.instanceId, name: "Renamed by the matrix" }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, actor, before, after, data }) => {
      const operation = await addedOperation(before, after);
      expect(operation).toMatchObject({ id: data.operationId, type: "Rename", status: "Succeeded" });
      expect(operation).toMatchObject({ instanceId: place.source.id, requestedById: actor.userId });
      expect(after.world).toEqual({
        ...before.world,
        instances: patched(before.world.instances, place.source.id, { name: "Renamed by the matrix" }),
        operations: byId([...before.world.operations, operation]),
      });
    },
  }),
  action(instances, instanceActions, "deleteInstanceAction", {
    needs: [{ on: "source", permission: "tenant.instances.manage" }],
    audit: "instance.delete",
    call: (fn, ids) => fn({ instanceId: ids.instanceId, confirmName: ids.sourceName, backups: "keep" }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: ({ place, before, after, data }) => {
      expect(data).toEqual({ kept: 1, removed: 0 });
      const otherRecords = Object.fromEntries(
        Object.entries(before.world.records).filter(([instanceId]) => instanceId !== place.source.id),
      );
      expect(after.world).toEqual({
        ...before.world,
        instances: before.world.instances.filter((i) => i.id !== place.source.id),
        operations: before.world.operations.filter((op) => op.instanceId !== place.source.id),
        // The backup stays, its file too, kept for the tenant under the instance's name.
        backups: patched(before.world.backups, place.backup.id, {
          instanceId: null,
          deletedInstanceId: place.source.id,
          deletedInstanceTenantId: place.tenant.id,
          deletedInstanceName: place.source.name,
        }),
        records: otherRecords,
      });
    },
  }),
  action(records, recordActions, "updateRecordAction", {
    needs: [{ on: "source", permission: "records.edit" }],
    audit: "record.update",
    call: (fn, ids) =>
      fn({ instanceId: ids.instanceId, entity: "accounts", recordId: ids.recordId, values: { city: "Matrixville" } }),
    notFound: instanceNamed,
    acceptedOn: (place) => place.source.id,
    effect: async ({ place, ids, before, after, data }) => {
      expect(data).toEqual({ recordId: ids.recordId });
      const account = await prisma.account.findUniqueOrThrow({
        where: { instanceId_id: { instanceId: place.source.id, id: ids.recordId } },
      });
      expect(account.city).toBe("Matrixville");
      expect(after.world).toEqual({
        ...before.world,
        records: { ...before.world.records, [place.source.id]: await recordsHash(place.source.id) },
      });
      expect(after.world.records[place.source.id]).not.toBe(before.world.records[place.source.id]);
    },
  }),
  action(users, userActions, "addUserAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.add",
    call: (fn, ids) =>
      fn({
        tenantId: ids.tenantId,
        name: "Matrix user",
        email: `matrix-user-${ids.tenantId}@example.test`,
        credential: { kind: "password", password: "a long matrix password" },
      }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, ids, before, after, data }) => {
      const user = addedRow(before.world.users, after.world.users);
      expect(user).toMatchObject({ id: data.userId, name: "Matrix user", tenantId: place.tenant.id, disabledAt: null });
      expect(user.email).toBe(`matrix-user-${ids.tenantId}@example.test`);
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(data.setPasswordPath).toBeNull();
      expect(after.world).toEqual({ ...before.world, users: byId([...before.world.users, user]) });
    },
  }),
  action(users, userActions, "setUserDisabledAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.setDisabled",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, userId: ids.userId, disabled: true }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      const disabledAt = after.world.users.find((u) => u.id === place.member.id)?.disabledAt;
      expect(disabledAt).toBeInstanceOf(Date);
      expect(after.world).toEqual({ ...before.world, users: changedMember(before, place, { disabledAt }) });
    },
  }),
  action(users, userActions, "removeUserAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.remove",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, userId: ids.userId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      expect(after.world).toEqual({
        ...before.world,
        users: before.world.users.filter((u) => u.id !== place.member.id),
      });
    },
  }),
  action(users, userActions, "resetPasswordAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.resetPassword",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, userId: ids.userId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after, data }) => {
      const token = addedRow(before.world.setPasswordTokens, after.world.setPasswordTokens);
      expect(token.userId).toBe(place.member.id);
      // Only the token's digest is stored; the link itself was answered once.
      expect(data.setPasswordPath).toMatch(/^\/set-password\/[\w-]{43}$/);
      expect(data.setPasswordPath).not.toContain(token.tokenHash);
      expect(after.world).toEqual({
        ...before.world,
        users: changedMember(before, place, { passwordHash: null }),
        setPasswordTokens: byId([...before.world.setPasswordTokens, token]),
      });
    },
  }),
  action(users, userActions, "setGlobalAdminAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.setGlobalAdmin",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, userId: ids.userId, globalAdmin: true }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      const role = addedRow(before.world.roleAssignments, after.world.roleAssignments);
      expect(role).toMatchObject({ userId: place.member.id, role: "GlobalAdmin", tenantId: place.tenant.id });
      expect(role).toMatchObject({ instanceId: null, relationId: null });
      expect(after.world).toEqual({
        ...before.world,
        users: changedMember(before, place, {}),
        roleAssignments: byId([...before.world.roleAssignments, role]),
      });
    },
  }),
  action(users, userActions, "setSystemAdministratorAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "user.setSystemAdministrator",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, userId: ids.userId, instanceIds: [ids.instanceId] }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      const role = addedRow(before.world.roleAssignments, after.world.roleAssignments);
      expect(role).toMatchObject({ userId: place.member.id, role: "SystemAdministrator", tenantId: null });
      expect(role).toMatchObject({ instanceId: place.source.id, relationId: null });
      expect(after.world).toEqual({
        ...before.world,
        users: changedMember(before, place, {}),
        roleAssignments: byId([...before.world.roleAssignments, role]),
      });
    },
  }),
  action(users, userActions, "grantDelegatedAdminAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "delegation.grant",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, partnerTenantId: ids.prospectTenantId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after, data }) => {
      expect(data).toEqual({ partnerTenantId: place.prospect.id, partnerName: place.prospect.name });
      const relation = addedRow(before.world.relations, after.world.relations);
      expect(relation).toMatchObject({ customerTenantId: place.tenant.id, partnerTenantId: place.prospect.id });
      expect(after.world).toEqual({ ...before.world, relations: byId([...before.world.relations, relation]) });
    },
  }),
  action(users, userActions, "revokeDelegatedAdminAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "delegation.revoke",
    call: (fn, ids) => fn({ tenantId: ids.tenantId, partnerTenantId: ids.partnerTenantId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      expect(after.world).toEqual({
        ...before.world,
        relations: before.world.relations.filter(
          (r) => !(r.customerTenantId === place.tenant.id && r.partnerTenantId === place.partner.id),
        ),
      });
    },
  }),
  action(users, userActions, "setDelegatedAdminHolderAction", {
    needs: [{ on: "tenant", permission: "tenant.users.manage" }],
    audit: "delegation.setHolder",
    call: (fn, ids) =>
      fn({ tenantId: ids.tenantId, customerTenantId: ids.customerTenantId, userId: ids.userId, holds: true }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after }) => {
      const role = addedRow(before.world.roleAssignments, after.world.roleAssignments);
      expect(role).toMatchObject({ userId: place.member.id, role: "DelegatedAdmin", tenantId: place.customer.id });
      const relation = before.world.relations.find((r) => r.customerTenantId === place.customer.id);
      expect(role).toMatchObject({ instanceId: null, relationId: relation!.id });
      expect(after.world).toEqual({
        ...before.world,
        users: changedMember(before, place, {}),
        roleAssignments: byId([...before.world.roleAssignments, role]),
      });
    },
  }),
  action(alerts, alertActions, "saveAlertSettingsAction", {
    needs: [{ on: "tenant", permission: "tenant.alerts.manage" }],
    audit: "alerts.save",
    call: (fn, ids) =>
      fn({
        tenantId: ids.tenantId,
        webhookUrl: "https://hooks.example.test/matrix",
        recipients: "Ops@Example.test, oncall@example.test",
        events: ["backup.failed", "restore.failed"],
      }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after, data }) => {
      // A new address gets a new secret, shown once.
      expect(data.newWebhookSecret).toMatch(/^whsec_/);
      const row = after.world.alertSettings.find((s) => s.tenantId === place.tenant.id);
      expect(row).toMatchObject({
        webhookUrl: "https://hooks.example.test/matrix",
        webhookSecret: data.newWebhookSecret,
        emailRecipients: JSON.stringify(["ops@example.test", "oncall@example.test"]),
        events: JSON.stringify(["backup.failed", "restore.failed"]),
      });
      expect(after.world).toEqual({ ...before.world, alertSettings: changedAlertSettings(before, after, place) });
    },
  }),
  action(alerts, alertActions, "rotateWebhookSecretAction", {
    needs: [{ on: "tenant", permission: "tenant.alerts.manage" }],
    audit: "alerts.rotateSecret",
    call: (fn, ids) => fn({ tenantId: ids.tenantId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after, data }) => {
      const old = before.world.alertSettings.find((s) => s.tenantId === place.tenant.id)!;
      expect(data.secret).toMatch(/^whsec_/);
      expect(data.secret).not.toBe(old.webhookSecret);
      expect(after.world.alertSettings.find((s) => s.tenantId === place.tenant.id)).toMatchObject({
        webhookUrl: matrixWebhookUrl,
        webhookSecret: data.secret,
      });
      expect(after.world).toEqual({ ...before.world, alertSettings: changedAlertSettings(before, after, place) });
    },
  }),
  action(alerts, alertActions, "sendTestAlertAction", {
    needs: [{ on: "tenant", permission: "tenant.alerts.manage" }],
    audit: "alerts.sendTest",
    call: (fn, ids) => fn({ tenantId: ids.tenantId }),
    notFound: tenantNamed,
    acceptedOn: () => null,
    effect: ({ place, before, after, data }) => {
      // Nothing listens at the place's webhook: the attempt is made now, fails, and is retried later.
      expect(data).toEqual([
        { channel: "Webhook", status: "Pending", statusCode: null, error: expect.stringMatching(/^Could not reach/) },
      ]);
      const delivery = addedRow(before.world.alertDeliveries, after.world.alertDeliveries);
      expect(delivery).toMatchObject({
        tenantId: place.tenant.id,
        eventType: "test",
        channel: "Webhook",
        target: matrixWebhookUrl,
        attempts: 1,
      });
      expect(after.world).toEqual({
        ...before.world,
        alertDeliveries: byId([...before.world.alertDeliveries, delivery]),
      });
    },
  }),
  callerScopedRoute(live, liveRoute, "GET", {
    reason:
      "the live-updates stream names no instance: it streams the operations the caller may view, " +
      "re-reading the session on every look.",
    coveredBy: "tests/live-stream.test.ts",
  }),
  publicAction(setup, setupActions, "setUpAction", {
    reason:
      "first-run setup is for the person holding the code from the server log, before any account exists; " +
      "once a user exists it refuses everyone, signed in or not.",
    call: (fn, ids) =>
      fn({
        code: "ABCD-EFGH-JKMN-PQRS",
        tenant: `Claimed ${ids.tenantId}`,
        name: "Intruder",
        email: `intruder-${ids.tenantId}@example.test`,
        password: "a long enough passphrase",
        confirmPassword: "a long enough passphrase",
      }),
    refusal: { code: "CONFLICT", error: "Backup Center is already set up. Sign in instead." },
  }),
  route(auditExport, auditExportRoute, "GET", {
    needs: [{ on: "source", permission: "audit.view" }],
    call: (fn, ids) => fn(new NextRequest(`http://localhost/api/audit/export?instance=${ids.instanceId}`)),
    unauthenticated: { status: 401, body: { error: "Sign in again." } },
    notFound: (ids) => ({
      status: 404,
      body: { error: "Instance not found." },
      missing: { ...ids, instanceId: nowhere.instance },
    }),
    // The place's backup was taken by the system on the source: its entries, and only the source's.
    effect: ({ place, body }) => {
      const rows = csvRecords(body as string);
      expect(rows).toContainEqual(
        expect.objectContaining({
          Actor: "System",
          Action: "backup.create",
          Outcome: "succeeded",
          Instance: place.source.name,
          Backup: place.backup.label,
        }),
      );
      expect(new Set(rows.map((row) => row.Instance))).toEqual(new Set([place.source.name]));
    },
  }),
  ownAccountAction(account, accountActions, "changePasswordAction", {
    permission: "account.password.change",
    audit: "account.password.change",
    call: (fn) =>
      fn({
        currentPassword: callerPassword,
        newPassword: "changed by the matrix",
        confirmPassword: "changed by the matrix",
      }),
    effect: async ({ actor, before, after, data }) => {
      expect(data).toEqual({ signedOut: true });
      const passwordHash = after.world.users.find((u) => u.id === actor.userId)!.passwordHash;
      expect(await verifyPassword(passwordHash, "changed by the matrix")).toBe(true);
      expect(after.world).toEqual({ ...before.world, users: ownUserChanged(before, actor, { passwordHash }) });
    },
  }),
  ownAccountAction(account, accountActions, "signOutEverywhereAction", {
    permission: "account.sessions.revoke",
    audit: "account.sessions.revoke",
    call: (fn) => fn({}),
    effect: ({ actor, before, after, data }) => {
      expect(data).toEqual({ signedOut: true });
      expect(after.world).toEqual({ ...before.world, users: ownUserChanged(before, actor) });
    },
  }),
  ...(["GET", "POST"] as const).map((method) =>
    publicRoute(
      auth,
      authRoute,
      method,
      "next-auth's own endpoints (sign-in, sign-out, session, CSRF) must answer signed-out callers; " +
        "they change nothing without a valid CSRF token and never re-issue a revoked or expired token.",
    ),
  ),
];
