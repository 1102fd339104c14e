// Integration: editing a record through the real server action. An edit must set at least one
// editable field — otherwise it would only bump modifiedAt and audit a change that never happened —
// and its audit entry names the entity, the record and the fields it set.
import type { Instance } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { updateRecordAction } from "@/app/(admin)/instances/[instanceId]/data/actions";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { expectAccepted, expectRefused, finishQueuedWork, snapshot, untrusted } from "./support/action-checks";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let instance: Instance;
let admin: Actor;

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  instance = await createInstance(tenant.id, { name: "Contoso Sandbox" });
  await seedRecords(instance.id, { seed: 3, accounts: 2 });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

afterEach(finishQueuedWork);

const firstOf = async (table: "account" | "supportCase") =>
  table === "account"
    ? prisma.account.findFirstOrThrow({ where: { instanceId: instance.id }, orderBy: { id: "asc" } })
    : prisma.supportCase.findFirstOrThrow({ where: { instanceId: instance.id }, orderBy: { id: "asc" } });

describe("an edit that sets no editable field is refused", () => {
  test.each([
    ["no values", {}],
    ["only unknown keys", { nickname: "X", instanceId: "elsewhere" }],
    ["only columns that are not editable", { id: "999", website: "https://example.test", createdAt: "2020-01-01" }],
    ["a name every object inherits", { constructor: "X", toString: "X" }],
  ])("%s", async (_name, values) => {
    const account = await firstOf("account");
    const message = "Change at least one field: Name, Phone, City or Industry.";
    await expectRefused(
      () =>
        updateRecordAction({
          instanceId: instance.id,
          entity: "accounts",
          recordId: account.id,
          values: untrusted<Record<string, string>>(values),
        }),
      {
        code: "VALIDATION",
        error: message,
        fieldErrors: { values: [message] },
        audit: { actor: admin, action: "record.update", instanceId: instance.id },
      },
    );
    // modifiedAt included: the refused edit left the record exactly as it was.
    expect(await firstOf("account")).toEqual(account);
  });

  test("the message names the entity's own editable fields", async () => {
    const supportCase = await firstOf("supportCase");
    const message = "Change at least one field: Title, Status or Priority.";
    await expectRefused(
      () => updateRecordAction({ instanceId: instance.id, entity: "cases", recordId: supportCase.id, values: {} }),
      {
        code: "VALIDATION",
        error: message,
        fieldErrors: { values: [message] },
        audit: { actor: admin, action: "record.update", instanceId: instance.id },
      },
    );
  });
});

describe("an accepted edit's audit entry", () => {
  test("names the entity, the record and the fields it set, in editable-column order", async () => {
    const account = await firstOf("account");
    const before = await snapshot();
    const result = await updateRecordAction({
      instanceId: instance.id,
      entity: "accounts",
      recordId: account.id,
      values: { phone: "+351 21 000 0000", name: "Renamed Ltd", nickname: "ignored" },
    });
    expect(result).toEqual({ ok: true, data: { recordId: account.id } });
    expect(await firstOf("account")).toEqual({
      ...account,
      name: "Renamed Ltd",
      phone: "+351 21 000 0000",
      modifiedAt: expect.any(Date),
    });
    expectAccepted(before, await snapshot(), {
      actor: admin,
      action: "record.update",
      instanceId: instance.id,
      detail: `Edited Account ${account.id} (name, phone).`,
    });
  });

  test("uses the entity's singular name", async () => {
    const supportCase = await firstOf("supportCase");
    const before = await snapshot();
    expect(
      await updateRecordAction({
        instanceId: instance.id,
        entity: "cases",
        recordId: supportCase.id,
        values: { status: "Resolved" },
      }),
    ).toEqual({ ok: true, data: { recordId: supportCase.id } });
    expectAccepted(before, await snapshot(), {
      actor: admin,
      action: "record.update",
      instanceId: instance.id,
      detail: `Edited Case ${supportCase.id} (status).`,
    });
  });
});
