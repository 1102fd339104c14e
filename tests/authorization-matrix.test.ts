// The authorization matrix: every server action and route handler of
// tests/support/authorization-table.ts × every kind of caller × own / foreign instance or tenant
// (for a restore, each side on its own too), each case's expected answer derived from the table (the
// permissions an entry needs, on which instance or tenant, and which roles hold them). Calls go through the
// public exports with a real next-auth session cookie. A refused call must change nothing
// (database, record hashes, backup storage) and answer like a missing id when the id is out of
// scope; an allowed call must have made exactly its change, with its "accepted" audit entry.
import type { Instance, Tenant } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import type { Actor, AdminRole } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import {
  auditAddedSince,
  expectRefused,
  expectRefusedLikeMissing,
  finishQueuedWork,
  sessionEnded,
  snapshot,
} from "./support/action-checks";
import {
  authorizationTable,
  callerPassword,
  matrixWebhookUrl,
  type ActionEntry,
  type Ids,
  type Place,
  type RouteEntry,
  type Subject,
} from "./support/authorization-table";
import { configureAlerts } from "./support/alert-settings";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { permissionHolders } from "./support/permission-holders";
import { runQueuedOperations } from "./support/operations";
import { nextCacheMock, resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

const callers = [
  "GlobalAdmin",
  "SystemAdministrator",
  "DelegatedAdmin",
  "no role",
  "signed out",
  "revoked session",
] as const;
type Caller = (typeof callers)[number];

/**
 * Where the place lies relative to the caller's role: `own` covers source and target (and, for
 * tenant-wide roles, the place's tenant), `foreign` none of them (another tenant for tenant-wide
 * roles, a sibling instance of the same tenant for a System Administrator); the mixed two, only for
 * entries that also name a target, cover one side.
 */
const scopes = ["own", "foreign", "own source, foreign target", "foreign source, own target"] as const;
type Scope = (typeof scopes)[number];
const covered: Record<Scope, readonly Subject[]> = {
  own: ["source", "target", "tenant"],
  foreign: [],
  "own source, foreign target": ["source", "tenant"],
  "foreign source, own target": ["target"],
};
/** A System Administrator's role is on instances only: it never covers a tenant. */
const covers = (role: AdminRole, scope: Scope, subject: Subject) =>
  covered[scope].includes(subject) && !(subject === "tenant" && role === "SystemAdministrator");
const mixed = (scope: Scope) => scope === "own source, foreign target" || scope === "foreign source, own target";

type Expected = { answer: "allowed" } | { answer: "UNAUTHENTICATED" } | { answer: "NOT_FOUND"; failing: Subject };

/** The admin role a caller is given (on what its scope covers); null for the caller without one. */
const roleOf = (caller: Caller): AdminRole | null =>
  caller === "GlobalAdmin" || caller === "SystemAdministrator" || caller === "DelegatedAdmin" ? caller : null;

function expectedAnswer(entry: ActionEntry | RouteEntry, caller: Caller, scope: Scope): Expected {
  if (caller === "signed out" || caller === "revoked session") return { answer: "UNAUTHENTICATED" };
  const role = roleOf(caller);
  // Scoping is part of the query (lib/auth/policy.ts), so a missing role or permission reads as
  // "not found" as well; the policy never answers FORBIDDEN to an action or a route handler.
  for (const need of entry.needs) {
    const holders: readonly AdminRole[] = permissionHolders[need.permission];
    if (!role || !covers(role, scope, need.on) || !holders.includes(role))
      return { answer: "NOT_FOUND", failing: need.on };
  }
  return { answer: "allowed" };
}

// ---------------------------------------------------------------------------------------------
// The estate of one case, removed again after it.

let elsewhere: Tenant;
let counter = 0;
const created = { instances: [] as string[], tenants: [] as string[], users: [] as string[] };

async function newInstance(tenant: Tenant, name: string, seed?: number) {
  const instance = await createInstance(tenant.id, { name: `${name} ${counter}`, type: "Sandbox", version: "9.1.8" });
  created.instances.push(instance.id);
  if (seed !== undefined) await seedRecords(instance.id, { seed, accounts: 2 });
  return instance;
}

async function buildPlace(options: { targetElsewhere: boolean }): Promise<Place> {
  const tenant = await createTenant(`Matrix tenant ${++counter}`);
  created.tenants.push(tenant.id);
  const source = await newInstance(tenant, "Source", counter);
  const target = await newInstance(options.targetElsewhere ? elsewhere : tenant, "Target", 1000 + counter);
  const sibling = await newInstance(tenant, "Sibling");
  const { backup } = await requestBackup({ actor: null, instance: source, kind: "OnDemand", label: "Matrix" });
  await runQueuedOperations();
  const done = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  expect(done.status).toBe("Succeeded");
  const member = await prisma.user.create({
    data: {
      email: `member.${counter}@example.test`,
      name: `Member ${counter}`,
      tenantId: tenant.id,
      passwordHash: "unused",
    },
  });
  created.users.push(member.id);
  const [customer, partner, prospect] = await Promise.all(
    ["Customer", "Partner", "Prospect"].map((role) => createTenant(`Matrix ${role.toLowerCase()} ${counter}`)),
  );
  created.tenants.push(customer!.id, partner!.id, prospect!.id);
  await prisma.delegatedAdminRelation.create({ data: { customerTenantId: customer!.id, partnerTenantId: tenant.id } });
  await prisma.delegatedAdminRelation.create({ data: { customerTenantId: tenant.id, partnerTenantId: partner!.id } });
  // A webhook nothing listens on, subscribed to no event: only Send test delivers (and fails) there.
  await configureAlerts(tenant.id, { webhookUrl: matrixWebhookUrl, events: [] });
  return {
    tenant,
    source,
    target,
    sibling,
    backup: done,
    member,
    customer: customer!,
    partner: partner!,
    prospect: prospect!,
  };
}

async function idsOf(place: Place): Promise<Ids> {
  const account = await prisma.account.findFirstOrThrow({
    where: { instanceId: place.source.id },
    orderBy: { id: "asc" },
  });
  return {
    tenantId: place.tenant.id,
    instanceId: place.source.id,
    backupId: place.backup.id,
    targetInstanceId: place.target.id,
    recordId: account.id,
    sourceName: place.source.name,
    userId: place.member.id,
    customerTenantId: place.customer.id,
    partnerTenantId: place.partner.id,
    prospectTenantId: place.prospect.id,
  };
}

/** A tenant-wide role covers one side of a restore only when the target lies in another tenant. */
const targetElsewhere = (caller: Caller, scope: Scope) => mixed(scope) && caller !== "SystemAdministrator";

function grantsFor(role: AdminRole, scope: Scope, place: Place) {
  if (role === "SystemAdministrator") {
    const on: Record<Scope, Instance[]> = {
      own: [place.source, place.target],
      foreign: [place.sibling],
      "own source, foreign target": [place.source],
      "foreign source, own target": [place.target],
    };
    return on[scope].map((instance) => ({ role, instanceId: instance.id }));
  }
  const elsewhereOnly = scope === "foreign" || scope === "foreign source, own target";
  return [{ role, tenantId: elsewhereOnly ? elsewhere.id : place.tenant.id }];
}

/** Signs the caller in (a fresh user each case); null for the signed-out caller. */
async function signIn(caller: Caller, scope: Scope, place: Place): Promise<Actor | null> {
  if (caller === "signed out") {
    await signInAs(null);
    return null;
  }
  const role = caller === "revoked session" ? "GlobalAdmin" : roleOf(caller);
  const actor = await createActor(`matrix.${counter}@example.test`, role ? grantsFor(role, scope, place) : []);
  created.users.push(actor.userId);
  await signInAs(actor);
  // The cookie stays the same; the version it carries no longer matches, as after a sign-out elsewhere.
  if (caller === "revoked session")
    await prisma.user.update({ where: { id: actor.userId }, data: { sessionVersion: { increment: 1 } } });
  return actor;
}

beforeAll(async () => {
  elsewhere = await createTenant("Elsewhere");
  await createInstance(elsewhere.id, { name: "Elsewhere Production", type: "Production" });
});

beforeEach(() => resetSession());

afterEach(async () => {
  await finishQueuedWork();
  const instanceId = { in: created.instances.splice(0) };
  // Children before parents: records reference each other with RESTRICT.
  await prisma.supportCase.deleteMany({ where: { instanceId } });
  await prisma.opportunity.deleteMany({ where: { instanceId } });
  await prisma.contact.deleteMany({ where: { instanceId } });
  await prisma.account.deleteMany({ where: { instanceId } });
  await prisma.instance.deleteMany({ where: { id: instanceId } });
  await prisma.tenant.deleteMany({ where: { id: { in: created.tenants.splice(0) } } });
  await prisma.user.deleteMany({ where: { id: { in: created.users.splice(0) } } });
});

// ---------------------------------------------------------------------------------------------
// One case per entry × caller × scope.

async function checkAction(entry: ActionEntry, expected: Expected, actor: Actor | null, place: Place, ids: Ids) {
  if (expected.answer === "UNAUTHENTICATED") {
    await expectRefused(() => entry.call(ids), sessionEnded);
  } else if (expected.answer === "NOT_FOUND") {
    const { error, missing } = entry.notFound(ids, expected.failing);
    await expectRefusedLikeMissing(entry.call, { outOfScope: ids, missing }, { code: "NOT_FOUND", error }, (sent) => ({
      actor: actor!,
      action: entry.audit,
      ...entry.notFound(sent, expected.failing).refs,
    }));
  } else {
    const before = await snapshot();
    const result = await entry.call(ids);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const after = await snapshot();
    await entry.effect({ place, ids, actor: actor!, before, after, data: result.data as never });
    expect(auditAddedSince(before, after)).toEqual([
      expect.objectContaining({
        actorId: actor!.userId,
        action: entry.audit,
        outcome: "accepted",
        instanceId: entry.acceptedOn(place, result.data as never),
        tenantId: entry.needs[0]!.on === "tenant" ? place.tenant.id : null,
      }),
    ]);
    expect(nextCacheMock.revalidatePath).toHaveBeenCalledTimes(1);
  }
}

/** Calls a route handler, asserts its status and JSON body, and that it changed and audited nothing. */
async function answerOf(call: () => Promise<Response>, expected?: { status: number; body: unknown }) {
  const before = await snapshot();
  const response = await call();
  // Errors answer JSON; downloads (the audit CSV) are read as text.
  const body: unknown = response.headers.get("content-type")?.startsWith("application/json")
    ? await response.json()
    : await response.text();
  if (expected) expect({ status: response.status, body }).toEqual(expected);
  const after = await snapshot();
  expect(after.world).toEqual(before.world);
  expect(after.audit).toEqual(before.audit);
  return { status: response.status, body };
}

async function checkRoute(entry: RouteEntry, expected: Expected, place: Place, ids: Ids) {
  if (expected.answer === "UNAUTHENTICATED") {
    await answerOf(() => entry.call(ids), entry.unauthenticated);
  } else if (expected.answer === "NOT_FOUND") {
    const { missing, ...answer } = entry.notFound(ids, expected.failing);
    const outOfScope = await answerOf(() => entry.call(ids), answer);
    expect(await answerOf(() => entry.call(missing))).toEqual(outOfScope);
  } else {
    const { status, body } = await answerOf(() => entry.call(ids));
    expect(status).toBe(200);
    await entry.effect({ place, body });
  }
}

type Case = { entry: ActionEntry | RouteEntry; caller: Caller; scope: Scope; expected: Expected };

/** Public entries (the next-auth catch-all) are listed with their reason and generate no cases. */
const guarded = authorizationTable.filter(
  (entry): entry is ActionEntry | RouteEntry => entry.kind === "action" || entry.kind === "route",
);
/** Actions that need no session (first-run setup): every caller is refused, since users exist here. */
const sessionless = authorizationTable.filter((entry) => entry.kind === "publicAction");
/** Actions on the caller's own account: every signed-in caller may, on themselves. */
const ownAccount = authorizationTable.filter((entry) => entry.kind === "ownAccount");

const cases: Case[] = guarded.flatMap((entry) =>
  callers.flatMap((caller) => {
    const namesTarget = entry.needs.some((need) => need.on === "target");
    return scopes
      .filter((scope) => namesTarget || !mixed(scope))
      .map((scope) => ({ entry, caller, scope, expected: expectedAnswer(entry, caller, scope) }));
  }),
);

const title = ({ entry, caller, scope, expected }: Case) => `${entry.name} · ${caller} · ${scope} → ${expected.answer}`;

describe.each([...new Set(guarded.map((entry) => entry.file))])("%s", (file) => {
  test.each(cases.filter((c) => c.entry.file === file).map((c) => [title(c), c] as const))("%s", async (_title, c) => {
    const place = await buildPlace({ targetElsewhere: targetElsewhere(c.caller, c.scope) });
    const actor = await signIn(c.caller, c.scope, place);
    const ids = await idsOf(place);
    if (c.entry.kind === "action") await checkAction(c.entry, c.expected, actor, place, ids);
    else await checkRoute(c.entry, c.expected, place, ids);
  });
});

describe.each(sessionless.map((entry) => [`${entry.file} ${entry.name}`, entry] as const))("%s", (_name, entry) => {
  test.each(callers)(`${entry.name} · %s → ${entry.refusal.code}`, async (caller) => {
    const place = await buildPlace({ targetElsewhere: false });
    // Someone exists whoever calls (the signed-out caller has no account of its own).
    const existing = await createActor(`existing.${counter}@example.test`, [
      { role: "GlobalAdmin", tenantId: place.tenant.id },
    ]);
    created.users.push(existing.userId);
    await signIn(caller, "own", place);
    const ids = await idsOf(place);
    await expectRefused(() => entry.call(ids), { ...entry.refusal, audit: null });
  });
});

describe.each(ownAccount.map((entry) => [`${entry.file} ${entry.name}`, entry] as const))("%s", (_name, entry) => {
  let passwordHash: string;
  beforeAll(async () => {
    passwordHash = await hashPassword(callerPassword);
  });

  const signedIn = (caller: Caller) => caller !== "signed out" && caller !== "revoked session";
  test.each(callers)(`${entry.name} · %s`, async (caller) => {
    const place = await buildPlace({ targetElsewhere: false });
    const actor = await signIn(caller, "own", place);
    if (actor) await prisma.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    const ids = await idsOf(place);
    if (!signedIn(caller)) {
      await expectRefused(() => entry.call(), sessionEnded);
      return;
    }
    const before = await snapshot();
    const result = await entry.call();
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const after = await snapshot();
    await entry.effect({ place, ids, actor: actor!, before, after, data: result.data as never });
    expect(auditAddedSince(before, after)).toEqual([
      expect.objectContaining({
        actorId: actor!.userId,
        action: entry.audit,
        outcome: "accepted",
        instanceId: null,
        tenantId: null,
      }),
    ]);
    expect(nextCacheMock.revalidatePath).toHaveBeenCalledTimes(1);
  });
});
