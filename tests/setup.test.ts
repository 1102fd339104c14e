// Integration: first-run setup through its server action, against this file's SQLite database.
// The code printed at start is the only way in, works once and expires; the page and the action
// are closed once any user exists; every refusal leaves the database as it was.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { setUpAction } from "@/app/setup/actions";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { prisma } from "@/lib/db";
import { issueSetupCode } from "@/lib/setup/issue-setup-code";
import { isSetUp } from "@/lib/setup/is-set-up";
import { setupCodeLifetimeMs, setupCodeSetting } from "@/lib/setup/setup-code-format";
import { setupAttemptLimit } from "@/lib/setup/set-up-backup-center";
import { createActor, createTenant } from "./support/fixtures";
import { nextCacheMock, resetSession } from "./support/session";
import { emptyDatabase, printedSetupCode, setupState } from "./support/setup-state";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

const password = "correct horse battery staple";
const form = (code: string, overrides: Record<string, string> = {}) => ({
  code,
  tenant: "Adatum",
  name: "Ada Admin",
  email: "Ada@Adatum.example",
  password,
  confirmPassword: password,
  ...overrides,
});

/** Calls setup, expecting its refusal and a database exactly as before (no audit entry either). */
async function expectSetupRefused(input: Parameters<typeof setUpAction>[0], expected: object) {
  const before = await setupState();
  const result = await setUpAction(input);
  expect(result).toEqual({ ok: false, ...expected });
  expect(await setupState()).toEqual(before);
  expect(nextCacheMock.revalidatePath).not.toHaveBeenCalled();
}

beforeEach(async () => {
  resetSession();
  await emptyDatabase();
});

afterEach(() => vi.useRealTimers());

describe("the setup code", () => {
  test("is printed only while no user exists, and only its hash is stored", async () => {
    const code = await printedSetupCode();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    const stored = await prisma.appSetting.findUniqueOrThrow({ where: { key: setupCodeSetting } });
    expect(stored.value).not.toContain(code.replaceAll("-", "").slice(0, 8));
    expect(JSON.parse(stored.value)).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      expiresAt: expect.any(String),
    });

    await createActor("someone@example.test", []);
    expect(await issueSetupCode()).toBeNull();
    // A code left from before the first user is removed at the next start.
    expect(await prisma.appSetting.count({ where: { key: setupCodeSetting } })).toBe(0);
  });

  test("a restart prints a new code, and the old one stops working", async () => {
    const old = await printedSetupCode();
    const current = await printedSetupCode();
    expect(current).not.toBe(old);
    await expectSetupRefused(form(old), {
      code: "VALIDATION",
      error: "The setup code is incorrect.",
      fieldErrors: { code: ["The setup code is incorrect. Copy it from the server log."] },
    });
    expect(await setUpAction(form(current))).toMatchObject({ ok: true });
  });
});

describe("set up Backup Center", () => {
  test("creates the organisation and its first global admin, who then signs in normally", async () => {
    // Case, spaces and hyphens in the typed code don't matter.
    const code = await printedSetupCode();
    const typed = ` ${code.toLowerCase().replaceAll("-", " ")} `;
    const result = await setUpAction(form(typed));
    expect(result).toEqual({ ok: true, data: { tenantId: expect.any(String), email: "ada@adatum.example" } });
    if (!result.ok) return;

    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: result.data.tenantId } });
    expect(tenant.name).toBe("Adatum");
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: "ada@adatum.example" },
      include: { assignments: true },
    });
    expect(user).toMatchObject({ name: "Ada Admin", tenantId: tenant.id, disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.assignments).toEqual([
      expect.objectContaining({ role: "GlobalAdmin", tenantId: tenant.id, instanceId: null }),
    ]);
    expect(await prisma.auditEntry.findMany()).toEqual([
      expect.objectContaining({
        actorId: user.id,
        actorEmail: "ada@adatum.example",
        action: "setup",
        outcome: "accepted",
        tenantId: tenant.id,
        detail: "Set up Backup Center: organisation Adatum, first global admin ada@adatum.example.",
      }),
    ]);
    // Single use: the code is gone with the setup.
    expect(await prisma.appSetting.count({ where: { key: setupCodeSetting } })).toBe(0);
    expect(nextCacheMock.revalidatePath).toHaveBeenCalledWith("/", "layout");
    expect(await isSetUp()).toBe(true);

    await expect(authorizeCredentials({ email: "ada@adatum.example", password }, "192.0.2.10")).resolves.toMatchObject({
      id: user.id,
    });
  });

  test("refused without a code, with a wrong one, with an expired one and with a used one; nothing changes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const issuedAt = new Date("2026-12-02T09:00:00Z");
    vi.setSystemTime(issuedAt);
    const code = await printedSetupCode(issuedAt);

    await expectSetupRefused(form(""), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { code: ["Enter the setup code from the server log."] },
    });
    await expectSetupRefused(form("ABCD-EFGH-JKMN-PQRS"), {
      code: "VALIDATION",
      error: "The setup code is incorrect.",
      fieldErrors: { code: ["The setup code is incorrect. Copy it from the server log."] },
    });
    vi.setSystemTime(new Date(issuedAt.getTime() + setupCodeLifetimeMs));
    await expectSetupRefused(form(code), {
      code: "VALIDATION",
      error: "The setup code has expired.",
      fieldErrors: { code: ["The setup code has expired. Restart Backup Center to get a new one."] },
    });

    // Used: set up with a fresh code, then (as if every user were removed again) try it once more.
    vi.setSystemTime(issuedAt);
    const fresh = await printedSetupCode(issuedAt);
    expect(await setUpAction(form(fresh))).toMatchObject({ ok: true });
    await prisma.user.deleteMany();
    nextCacheMock.revalidatePath.mockClear();
    await expectSetupRefused(form(fresh, { email: "second@adatum.example" }), {
      code: "VALIDATION",
      error: "The setup code is incorrect.",
      fieldErrors: { code: ["The setup code is incorrect. Copy it from the server log."] },
    });
  });

  test("closed once any user exists, even with a valid code", async () => {
    const code = await printedSetupCode();
    const tenant = await createTenant("Existing");
    await createActor("admin@existing.example", [{ role: "GlobalAdmin", tenantId: tenant.id }], {
      tenantId: tenant.id,
    });
    expect(await isSetUp()).toBe(true);
    await expectSetupRefused(form(code), {
      code: "CONFLICT",
      error: "Backup Center is already set up. Sign in instead.",
    });
  });

  test("bad input is refused field by field: a weak password, passwords that differ, a bad e-mail", async () => {
    const code = await printedSetupCode();
    await expectSetupRefused(
      form(code, { password: "short", confirmPassword: "other", email: "not-an-address", tenant: " " }),
      {
        code: "VALIDATION",
        error: "Check the highlighted fields.",
        fieldErrors: {
          tenant: ["Enter your organisation's name."],
          email: ["Enter an e-mail address such as name@example.com."],
          password: ["Use at least 12 characters."],
          confirmPassword: ["The passwords don't match."],
        },
      },
    );
    await expectSetupRefused(form(code, { password: "BackupCenter!1", confirmPassword: "BackupCenter!1" }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { password: ["This password is publicly known. Choose another."] },
    });
    await expectSetupRefused(form(code, { confirmPassword: `${password}!` }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { confirmPassword: ["The passwords don't match."] },
    });
  });

  test("two setups at once: exactly one succeeds, with one account and one audit entry", async () => {
    const code = await printedSetupCode();
    const results = await Promise.all([
      setUpAction(form(code, { email: "first@adatum.example" })),
      setUpAction(form(code, { email: "second@adatum.example", tenant: "Other" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.tenant.count()).toBe(1);
    expect(await prisma.auditEntry.count()).toBe(1);
  });

  test("wrong codes are throttled per address: after the limit even the right code is refused", async () => {
    const code = await printedSetupCode();
    for (let attempt = 0; attempt < setupAttemptLimit.max; attempt++) {
      expect(await setUpAction(form("WRNG-WRNG-WRNG-WRNG"))).toMatchObject({ ok: false, code: "VALIDATION" });
    }
    await expectSetupRefused(form(code), {
      code: "FORBIDDEN",
      error: "Too many setup attempts. Wait a few minutes and try again.",
    });
    // Once the window has passed, the right code works.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + setupAttemptLimit.windowMs + 1000));
    await prisma.appSetting.deleteMany();
    const fresh = await printedSetupCode();
    expect(await setUpAction(form(fresh))).toMatchObject({ ok: true });
  });
});
