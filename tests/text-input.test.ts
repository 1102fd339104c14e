// Free text from clients (backup labels and notes, record values, ids): the shared text schema
// normalises it and refuses characters that make text read differently from what it holds, with a
// message for the field — through the real server actions, which must change nothing when refusing.
import type { Backup, Instance } from "@prisma/client";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createBackupAction, editBackupAction } from "@/app/(admin)/backups/actions";
import { updateRecordAction } from "@/app/(admin)/instances/[instanceId]/data/actions";
import { switchInstanceAction } from "@/app/(admin)/instances/actions";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { backupDetailsSchema } from "@/lib/backups/schemas";
import { prisma } from "@/lib/db";
import { textInput } from "@/lib/validation/text";
import { expectRefused, finishQueuedWork } from "./support/action-checks";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { runQueuedOperations } from "./support/operations";
import { resetSession, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let instance: Instance;
let admin: Actor;
let backup: Backup;

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  instance = await createInstance(tenant.id, { name: "Contoso Sandbox" });
  await seedRecords(instance.id, { seed: 1, accounts: 2 });
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  ({ backup } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "Nightly" }));
  await runQueuedOperations();
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

afterEach(finishQueuedWork);

/** Characters the schema refuses, each with the message the field shows. */
const refused: [name: string, text: string, message: string][] = [
  ["a right-to-left override", "Invoice\u202Egnp.exe", "Remove the text-direction character U+202E."],
  ["a left-to-right embedding", "a\u202Ab", "Remove the text-direction character U+202A."],
  ["a first-strong isolate", "a\u2068b", "Remove the text-direction character U+2068."],
  ["a pop directional isolate", "a\u2069b", "Remove the text-direction character U+2069."],
  ["a right-to-left mark", "a\u200Fb", "Remove the text-direction character U+200F."],
  ["a NUL", "a\u0000b", "Remove the control character U+0000; line breaks and tabs are not allowed here."],
  [
    "an escape (terminal control)",
    "a\u001B[31mb",
    "Remove the control character U+001B; line breaks and tabs are not allowed here.",
  ],
  ["a DEL", "a\u007Fb", "Remove the control character U+007F; line breaks and tabs are not allowed here."],
  ["a C1 control", "a\u0085b", "Remove the control character U+0085; line breaks and tabs are not allowed here."],
  ["a line break", "a\nb", "Remove the control character U+000A; line breaks and tabs are not allowed here."],
  ["a tab", "a\tb", "Remove the control character U+0009; line breaks and tabs are not allowed here."],
  ["a zero-width space", "ad\u200Bmin", "Remove the invisible character U+200B."],
  ["a soft hyphen", "ad\u00ADmin", "Remove the invisible character U+00AD."],
  ["a byte-order mark inside", "a\uFEFFb", "Remove the invisible character U+FEFF."],
  ["a Hangul filler (a blank-looking label)", "\u3164", "Remove the invisible character U+3164."],
  ["a Unicode tag (hidden text)", "a\u{E0041}b", "Remove the invisible character U+E0041."],
  ["a lone high surrogate", "a\uD800b", "Remove the broken character (an unpaired surrogate); it is not valid text."],
  ["a lone low surrogate", "\uDC00", "Remove the broken character (an unpaired surrogate); it is not valid text."],
];

describe("backup labels", () => {
  test.each(refused)("a label with %s is refused on create and on edit", async (_name, label, message) => {
    const fieldErrors = { label: [message] };
    await expectRefused(() => createBackupAction({ instanceId: instance.id, label, notes: "" }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors,
      audit: { actor: admin, action: "backup.create", instanceId: null, detail: "Invalid input: label." },
    });
    await expectRefused(() => editBackupAction({ backupId: backup.id, label, notes: "" }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors,
      audit: { actor: admin, action: "backup.edit", instanceId: null, detail: "Invalid input: label." },
    });
  });

  test("the form's schema gives the same message before anything is sent", () => {
    const result = backupDetailsSchema.safeParse({ label: "a\u202Eb", notes: "" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["label"], "Remove the text-direction character U+202E."],
    ]);
  });

  test("a label is stored NFC-normalised and trimmed", async () => {
    const decomposed = "  Cafe\u0301 before release  ";
    const result = await editBackupAction({ backupId: backup.id, label: decomposed, notes: "" });
    expect(result).toEqual({ ok: true, data: { backupId: backup.id } });
    const stored = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(stored.label).toBe("Caf\u00E9 before release");
  });

  test("emoji and joined emoji sequences (ZWJ) are text, not invisible characters", async () => {
    const label = "Release 🚀 👩‍💻";
    expect(await editBackupAction({ backupId: backup.id, label, notes: "" })).toMatchObject({ ok: true });
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).label).toBe(label);
  });
});

describe("backup notes (multi-line)", () => {
  test("line breaks and tabs are kept; CR LF becomes LF", async () => {
    const result = await editBackupAction({ backupId: backup.id, label: "Nightly", notes: "Line 1\r\n\tLine 2\rEnd" });
    expect(result).toMatchObject({ ok: true });
    expect((await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).notes).toBe("Line 1\n\tLine 2\nEnd");
  });

  test.each([
    ["a bell", "a\u0007b", "Remove the control character U+0007; only line breaks and tabs are allowed."],
    ["a vertical tab", "a\u000Bb", "Remove the control character U+000B; only line breaks and tabs are allowed."],
    ["a right-to-left override", "a\u202Eb", "Remove the text-direction character U+202E."],
    ["a lone surrogate", "a\uDBFFb", "Remove the broken character (an unpaired surrogate); it is not valid text."],
  ])("notes with %s are refused", async (_name, notes, message) => {
    await expectRefused(() => editBackupAction({ backupId: backup.id, label: "Nightly", notes }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { notes: [message] },
      audit: { actor: admin, action: "backup.edit", instanceId: null, detail: "Invalid input: notes." },
    });
  });
});

describe("record values", () => {
  test.each(refused)("a value with %s is refused", async (_name, value, message) => {
    const account = await prisma.account.findFirstOrThrow({ where: { instanceId: instance.id } });
    await expectRefused(
      () =>
        updateRecordAction({
          instanceId: instance.id,
          entity: "accounts",
          recordId: account.id,
          values: { name: value },
        }),
      {
        code: "VALIDATION",
        error: "Check the highlighted fields.",
        fieldErrors: { values: [message] },
        audit: { actor: admin, action: "record.update", instanceId: null, detail: "Invalid input: values." },
      },
    );
  });

  test("a value is stored NFC-normalised", async () => {
    const account = await prisma.account.findFirstOrThrow({ where: { instanceId: instance.id } });
    const result = await updateRecordAction({
      instanceId: instance.id,
      entity: "accounts",
      recordId: account.id,
      values: { city: "Malmo\u0308" },
    });
    expect(result).toMatchObject({ ok: true });
    expect(
      (
        await prisma.account.findUniqueOrThrow({
          where: { instanceId_id: { instanceId: instance.id, id: account.id } },
        })
      ).city,
    ).toBe("Malm\u00F6");
  });
});

describe("ids", () => {
  test.each([
    ["a lone surrogate", "\uD800"],
    ["a control character", `x\u0000`],
    ["a bidi override", "\u202Ex"],
  ])("an id with %s is invalid input, not an internal error", async (_name, id) => {
    await expectRefused(() => switchInstanceAction({ instanceId: id, to: "Production" }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { instanceId: [expect.any(String)] },
      audit: { actor: admin, action: "instance.switch", instanceId: null, detail: "Invalid input: instanceId." },
    });
  });
});

describe("textInput", () => {
  test("length is counted after normalising and trimming", () => {
    const schema = textInput({ max: 4, required: "Enter it." });
    expect(schema.parse("  Cafe\u0301  ")).toBe("Caf\u00E9");
    expect(schema.safeParse("   ").error?.issues[0]?.message).toBe("Enter it.");
    expect(schema.safeParse("abcde").error?.issues[0]?.message).toBe("Use at most 4 characters.");
  });

  test("one message per refused value, the first problem found", () => {
    const result = textInput({ max: 100 }).safeParse("\uD800\u0007\u202E");
    expect(result.error?.issues).toHaveLength(1);
  });
});
