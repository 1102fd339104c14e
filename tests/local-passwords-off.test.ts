// LOCAL_PASSWORDS=off: the server itself refuses passwords (next-auth has no password provider, a
// password change is refused), not just the sign-in page hiding the form.
import { beforeEach, expect, test, vi } from "vitest";
import { changePasswordAction } from "@/app/account/actions";
import { hashPassword } from "@/lib/auth/password";
import { authOptions } from "@/lib/auth/options";
import { prisma } from "@/lib/db";
import { expectRefused } from "./support/action-checks";
import { createActor } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";

// Before anything reads the configuration (lib/env.ts caches it on first use).
vi.hoisted(() => {
  process.env.LOCAL_PASSWORDS = "off";
  process.env.OIDC_ISSUER = "https://login.example.test/tenant-1/v2.0";
  process.env.OIDC_CLIENT_ID = "backup-center";
  process.env.OIDC_CLIENT_SECRET = "client secret";
});
vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

// next-auth answers a provider it does not have with an error, so no password is ever checked.
test("next-auth has only the single sign-on provider", () => {
  expect(authOptions.providers.map((provider) => provider.id)).toEqual(["oidc"]);
});

test("a password change is refused and changes nothing", async () => {
  const actor = await createActor("changer@example.test", []);
  await prisma.user.update({
    where: { id: actor.userId },
    data: { passwordHash: await hashPassword("the current passphrase") },
  });
  await signInAs(actor);
  const message = "Passwords are turned off here: you sign in with single sign-on.";
  await expectRefused(
    () =>
      changePasswordAction({
        currentPassword: "the current passphrase",
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      }),
    { code: "FORBIDDEN", error: message, audit: { actor, action: "account.password.change", instanceId: null } },
  );
});
